import VDLRPC
import VDLSecurity
import VDLWire

/// Values for the codec tests against libprotobuf-c (Interop/c/codec-roundtrip.c).
extension CInterop {
    /// Every field of `testing/features.Everything` set to something other than its zero value
    /// (the same value as Tests/GeneratedCodeTests/Fixtures.swift `sampleEverything()`).
    static func sampleEverything() throws -> Features.Everything {
        Features.Everything(
            b: true, byte: 200, i8: -100, i16: -30_000, i32: -2_000_000_000, i64: Int64.min, u16: 65_535,
            u32: 4_000_000_000, u64: UInt64.max, f32: 1.5, f64: -2.25, s: "héllo", bytes: [0, 1, 255],
            hash: [9, 8, 7, 6], name: "alice", flags: true, ratio: 0.5, color: .blue,
            point: Features.Point(x: 3, y: -4),
            shape: .points([Features.Point(x: 1, y: 2), Features.Point(x: -1, y: 0)]),
            maybePoint: Features.Point(), list: ["a", "", "c"], matrix: [[1, 2], [], [-3]],
            grid: [[1, 2, 3], [-4, -5, -6]], set: ["x", "y"], colors: [.red, .green],
            map: ["one": 1, "minus": -1], deep: ["k": [Features.Point(x: 5, y: 6)]],
            lookup: [Features.Point(x: 1, y: 1): "p11", Features.Point(): "origin"],
            ids: [1, 2, UInt64.max], any: try VDLAny("in any"),
            err: VDLError(id: "testing/features.NotFound", retryAction: .retryBackoff, message: "gone", parameters: [try VDLAny(Int32(7))]),
            type: VDLTypeObject(rawValue: "[]int32"), tag: Access.write,
            perms: ["Read": Access.AccessList(in: ["root:ops"], notIn: ["root:ops:bad"])],
            pinned: "kept")
    }

    /// `codec-roundtrip dump testing.features.Everything` of `sampleEverything()`: what
    /// libprotobuf-c decoded, field by field (strings with their UTF-8 bytes escaped, bytes in
    /// hex, the maps and sets in the canonical order Swift wrote them).
    static let sampleEverythingAsSeenByC = #"""
        b: true
        byte: 200
        i8: -100
        i16: -30000
        i32: -2000000000
        i64: -9223372036854775808
        u16: 65535
        u32: 4000000000
        u64: 18446744073709551615
        f32: 1.5
        f64: -2.25
        s: "h\xc3\xa9llo"
        bytes: 0x0001ff
        hash: 0x09080706
        name: "alice"
        flags: true
        ratio: 0.5
        color: COLOR_BLUE
        point: {
          x: 3
          y: -4
        }
        shape: {
          points: {
            value[0]: {
              x: 1
              y: 2
            }
            value[1]: {
              x: -1
              y: 0
            }
          }
        }
        maybe_point: {
          x: 0
          y: 0
        }
        list[0]: "a"
        list[1]: ""
        list[2]: "c"
        matrix[0]: {
          value[0]: 1
          value[1]: 2
        }
        matrix[1]: {
          value: []
        }
        matrix[2]: {
          value[0]: -3
        }
        grid[0]: {
          value[0]: 1
          value[1]: 2
          value[2]: 3
        }
        grid[1]: {
          value[0]: -4
          value[1]: -5
          value[2]: -6
        }
        set[0]: "x"
        set[1]: "y"
        colors[0]: COLOR_RED
        colors[1]: COLOR_GREEN
        map[0]: {
          key: "one"
          value: 1
        }
        map[1]: {
          key: "minus"
          value: -1
        }
        deep[0]: {
          key: "k"
          value: {
            value[0]: {
              x: 5
              y: 6
            }
          }
        }
        lookup[0]: {
          key: null
          value: "origin"
        }
        lookup[1]: {
          key: {
            x: 1
            y: 1
          }
          value: "p11"
        }
        ids[0]: 1
        ids[1]: 2
        ids[2]: 18446744073709551615
        any: {
          type: "string"
          value: 0x0a06696e20616e79
        }
        err: {
          id: "testing/features.NotFound"
          retry_action: RETRY_BACKOFF
          message: "gone"
          params[0]: {
            type: "int32"
            value: 0x080e
          }
        }
        type: "[]int32"
        tag: "Write"
        perms[0]: {
          key: "Read"
          value: {
            in[0]: "root:ops"
            not_in[0]: "root:ops:bad"
          }
        }
        pinned: "kept"
        """# + "\n"

    /// The Everything that `codec-roundtrip build` writes, as Swift values.
    static func everythingBuiltInC() throws -> Features.Everything {
        Features.Everything(
            b: true, byte: 255, i8: -128, i16: 32_767, i32: Int32.min, i64: -1, u16: 1, u32: UInt32.max,
            u64: UInt64.max, f32: -3.25, f64: 1e300, s: "C says héllo", bytes: [0xde, 0xad, 0x00, 0xbe, 0xef],
            hash: [1, 2, 3, 4], name: "bob", flags: true, ratio: 0.125, color: .green,
            point: Features.Point(x: -1, y: Int32.max),
            shape: .nested(Features.Tree(value: -7, left: Features.Tree(value: 1), children: [Features.Tree(value: 2), Features.Tree()])),
            maybePoint: Features.Point(), list: ["x", "", "z"], matrix: [[], [-1, 0, 1]],
            grid: [[1, 2, 3], [-4, 5, -6]], set: ["a", "b"], colors: [.red, .blue],
            map: ["a": -1, "b": Int64.max, "zero": 0], deep: ["e": [], "k": [Features.Point(x: 1, y: 1)]],
            lookup: [Features.Point(): "origin", Features.Point(x: 1, y: -1): "p"],
            ids: [0, 1, UInt64.max], any: try VDLAny(Features.Point(x: 1, y: 2)),
            err: VDLError(
                id: "testing/features.NotFound", retryAction: .retryRefetch, message: "x not found (code 3)",
                parameters: [try VDLAny("x"), try VDLAny(Int32(3))]),
            type: VDLTypeObject(rawValue: "map[string][]testing/features.Point"), tag: Access.admin,
            perms: ["Admin": Access.AccessList(in: ["root"]), "Read": Access.AccessList(in: ["..."], notIn: ["root:bad"])],
            pinned: "pinned")
    }

    /// `sampleEverything()` without its maps and sets.
    static func everythingWithoutMapsOrSets() throws -> Features.Everything {
        var value = try sampleEverything()
        value.set = []
        value.colors = []
        value.map = [:]
        value.deep = [:]
        value.lookup = [:]
        value.perms = [:]
        return value
    }

    /// (proto message name, Swift encoding) for messages whose encoding has no map or set, so
    /// that protobuf-c, which keeps the order it read, must write the same bytes.
    static func messagesWithoutMapsOrSets() throws -> [(String, () throws -> [UInt8])] {
        typealias P = Features.Point
        typealias T = Features.Tree
        func entry<M: VDLMessage>(_ type: String, _ value: M) -> (String, () throws -> [UInt8]) {
            (type, { try value.serializedBytes() })
        }
        let tree = T(value: -9_000_000_000, left: T(value: 1, right: T()), right: T(value: -1), children: [T(), T(value: 2, children: [T(value: 3)])])
        return [
            entry("testing.features.Point", P()),
            entry("testing.features.Point", P(x: -1, y: Int32.max)),
            entry("testing.features.Point", P(x: Int32.min, y: 1)),
            // Every arm of the Shape union, with zero and non-zero values.
            entry("testing.features.Shape", Features.Shape.circle(0)),
            entry("testing.features.Shape", Features.Shape.circle(-1.5)),
            entry("testing.features.Shape", Features.Shape.square(P())),
            entry("testing.features.Shape", Features.Shape.square(P(x: 1, y: 2))),
            entry("testing.features.Shape", Features.Shape.label("")),
            entry("testing.features.Shape", Features.Shape.label("ü")),
            entry("testing.features.Shape", Features.Shape.points([])),
            entry("testing.features.Shape", Features.Shape.points([P(x: 1), P()])),
            entry("testing.features.Shape", Features.Shape.nested(nil)),
            entry("testing.features.Shape", Features.Shape.nested(T())),
            entry("testing.features.Shape", Features.Shape.nested(tree)),
            entry("testing.features.Tree", tree),
            entry("testing.features.Versioned", Features.Versioned(a: "a", b: "b", c: "c")),
            entry("testing.features.Versioned", Features.Versioned(b: "only b")),
            entry("testing.features.Everything", try everythingWithoutMapsOrSets()),
            entry("testing.features.Everything", Features.Everything()),
            entry("testing.features.StorePutRequest", Features.Store.Method.Put.Request(key: "k", value: try everythingWithoutMapsOrSets())),
            entry("testing.features.StoreLookupResponse", Features.Store.Method.Lookup.Response(value: Features.Everything(s: "x"), found: true)),
            entry("testing.features.BasePingRequest", Features.Base.Method.Ping.Request(message: "ping")),
            entry("security.access.AccessList", Access.AccessList(in: ["root:ops", "..."], notIn: ["root:ops:bad"])),
            entry("vdl.Error", VDLError(id: "vdl.Internal", message: "m")),
            entry("vdl.Error", VDLError(
                id: "testing/features.Conflict", retryAction: .retryRefetch, message: "conflict",
                parameters: [try VDLAny(P(x: 1, y: -1)), try VDLAny("s"), VDLAny()])),
            entry("vdl.Any", try VDLAny("in any")),
            entry("vdl.Any", try VDLAny(Int32(-7))),
            entry("vdl.Any", try VDLAny(UInt64.max)),
            entry("vdl.Any", try VDLAny(Features.Shape.label("x"))),
            entry("vdl.Any", try VDLAny(P())),
            // Stream items: `{ T value = 1; }`.
            ("testing.features.StoreWatchServerStream", { try StreamItem.encode(.points([P(x: 7)]), as: Features.Shape.WireCodec.self) }),
            ("testing.features.StoreUploadClientStream", { try StreamItem.encode(P(x: 1, y: 2), as: P.WireCodec.self) }),
            ("testing.features.StoreUploadClientStream", { try StreamItem.encode(P(), as: P.WireCodec.self) }),
            ("testing.features.StoreChatServerStream", { try StreamItem.encode("hi", as: StringCodec.self) }),
        ]
    }
}

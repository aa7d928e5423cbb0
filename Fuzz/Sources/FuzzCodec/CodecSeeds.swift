import FuzzSupport
import VDLRPC
import VDLTransport
import VDLWire

/// Seed inputs: encodings of populated values of every type the codec fuzzer decodes.
enum CodecSeeds {
    static func everything() throws -> Features.Everything {
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
            err: VDLError(id: "testing/features.NotFound", retryAction: .retryBackoff, message: "gone", parameters: [try VDLAny("key"), try VDLAny(Int32(7))]),
            type: VDLTypeObject(rawValue: "[]int32"), tag: Access.write,
            perms: ["Read": Access.AccessList(in: ["root:ops"], notIn: ["root:ops:bad"])],
            pinned: "kept")
    }

    static func tree(depth: Int) -> Features.Tree {
        var tree = Features.Tree(value: Int64(depth))
        if depth > 0 {
            tree.left = self.tree(depth: depth - 1)
            if depth % 3 == 0 { tree.children = [Features.Tree(value: -1), Features.Tree(value: 1, right: Features.Tree(value: 2))] }
        }
        return tree
    }

    static func all() throws -> [Seed] {
        var seeds: [Seed] = []
        func add<M: ProtoMessage>(_ name: String, _ value: M) throws {
            seeds.append(Seed(name, try value.serializedBytes()))
        }
        try add("everything", try everything())
        var odd = try everything()
        odd.f64 = -0.0
        odd.f32 = .nan
        odd.ratio = Features.Ratio(rawValue: -.infinity)
        odd.shape = .circle(.nan)
        odd.maybePoint = nil
        odd.any = try VDLAny(Features.Point(x: -1, y: 1))
        odd.err = nil
        odd.set = []
        odd.lookup = [Features.Point(x: Int32.min, y: Int32.max): ""]
        try add("everything-odd-floats", odd)
        var nested = Features.Everything()
        nested.any = try VDLAny(try everything())
        nested.shape = .nested(tree(depth: 4))
        try add("everything-any-everything", nested)
        try add("everything-pinned-only", Features.Everything(pinned: "p"))

        try add("shape-circle", Features.Shape.circle(2.5))
        try add("shape-square", Features.Shape.square(Features.Point(x: 1, y: 1)))
        try add("shape-label", Features.Shape.label("tag"))
        try add("shape-points", Features.Shape.points([Features.Point(x: 1), Features.Point(y: 2)]))
        try add("shape-nested", Features.Shape.nested(Features.Tree(value: 1, left: Features.Tree(value: 2))))
        try add("shape-nested-nil", Features.Shape.nested(nil))
        try add("tree-deep", tree(depth: 24))
        try add("versioned", Features.Versioned(a: "a", b: "b", c: "c"))
        try add("accesslist", Access.AccessList(in: ["root:alice", "root:bob"], notIn: ["root:mallory"]))

        try add("error", VDLError(
            id: "testing/features.Conflict", retryAction: .retryRefetch, message: "conflict",
            parameters: [try VDLAny(Features.Point(x: 1, y: 2))]))
        try add("error-notfound", Features.NotFound(name: "k", code: -3).vdlError)
        try add("error-busy", Features.Busy().vdlError)
        try add("any-string", try VDLAny("hello"))
        try add("any-int32", try VDLAny(Int32(-5)))
        try add("any-uint64", try VDLAny(UInt64.max))
        try add("any-float64", try VDLAny(Double.pi))
        try add("any-bool", try VDLAny(true))
        try add("any-color", try VDLAny(Features.Color.blue))
        try add("any-name", try VDLAny(Features.Name(rawValue: "bob")))
        try add("any-tree", try VDLAny(tree(depth: 3)))
        try add("any-shape", try VDLAny(Features.Shape.label("x")))
        try add("any-frame", try VDLAny(Wire.Frame.ping(Wire.Ping(payload: 9))))
        try add("any-list", try VDLAny(encoding: ["a", "b"], typeName: "[]string", as: ListCodec<StringCodec>.self))
        try add("any-list-list", try VDLAny(encoding: [[1, 2], [], [3]], typeName: "[][]uint64", as: ListCodec<ListCodec<VarintCodec<UInt64>>>.self))
        try add("any-set", try VDLAny(encoding: [-1, 5, 7], typeName: "set[int64]", as: SetCodec<ZigZagCodec<Int64>>.self))
        try add("any-map", try VDLAny(encoding: ["a": 1, "b": -2], typeName: "map[string]int64", as: MapCodec<StringCodec, ZigZagCodec<Int64>>.self))
        try add("any-map-list", try VDLAny(encoding: [1: ["x"], -2: []], typeName: "map[int32][]string", as: MapCodec<ZigZagCodec<Int32>, ListCodec<StringCodec>>.self))
        try add("any-optional", try VDLAny(encoding: Features.Point(), typeName: "?testing/features.Point", as: OptionalCodec<Features.Point.WireCodec>.self))
        try add("any-error", try VDLAny(encoding: Features.Busy().vdlError, typeName: "error", as: NilableErrorCodec.self))
        try add("any-any", try VDLAny(encoding: try VDLAny("inner"), typeName: "any", as: VDLAny.WireCodec.self))

        // Frame bodies (without the length prefix of the frame decoder).
        let failure = VDLError(id: "examples/fortune.NoFortunes", retryAction: .retryRefetch, message: "no fortunes", parameters: [try VDLAny("hi")])
        try add("frame-hello", Wire.Frame.hello(Wire.Hello(versions: [1, 2, 300], maxFrameSize: 4 << 20, initialWindow: 1 << 16, agent: "swift-vdl/0.1")))
        try add("frame-request", Wire.Frame.request(Wire.Request(
            callID: 1, method: "examples/fortune.Fortune/Add", object: "o", timeoutMicros: 10_000_000,
            metadata: ["trace": "abc", "user": "alice", "": "empty"], arguments: [0x0A, 0x02, 0x68, 0x69], endOfStream: true)))
        try add("frame-data", Wire.Frame.data(Wire.Data(callID: 2, item: [1, 2], hasItem: true, endOfStream: true)))
        try add("frame-response", Wire.Frame.response(Wire.Response(callID: 3, results: [0x0A, 0x00])))
        try add("frame-failure", Wire.Frame.failure(Wire.Failure(callID: 4, error: failure)))
        try add("frame-cancel", Wire.Frame.cancel(Wire.Cancel(callID: 5)))
        try add("frame-credit", Wire.Frame.credit(Wire.Credit(callID: 6, bytes: UInt32.max)))
        try add("frame-ping", Wire.Frame.ping(Wire.Ping(payload: UInt64.max, ack: true)))
        try add("frame-goaway", Wire.Frame.goAway(Wire.GoAway(lastCallID: 7, error: failure)))
        try add("request", Wire.Request(callID: 9, method: "m", metadata: ["k": "v"]))
        try add("hello", Wire.Hello(versions: [1], maxFrameSize: 1024))
        return seeds
    }
}

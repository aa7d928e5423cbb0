import Testing
import VDLReflection
import VDLRPC
import VDLSecurity
import VDLWire

/// The dynamic codec against the generated one: the same values give the same bytes.
@Suite struct DynamicCodecTests {
    let codec = DynamicCodec(services: [Features.Store.descriptor, Fortune.Fortune.descriptor])

    static func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

    @Test func theStoreDescriptorCarriesEveryTypeItUsesTransitively() throws {
        let names = Features.Store.descriptor.types.map(\.name)
        #expect(names == names.sorted())
        for expected in ["testing/features.Everything", "testing/features.Point", "testing/features.Shape", "testing/features.Tree",
                         "testing/features.Color", "testing/features.Hash", "testing/features.Grid", "testing/features.Lookup",
                         "testing/features.Ids", "testing/features.Name", "testing/features.Flags", "testing/features.Ratio",
                         "security/access.Tag", "security/access.Permissions", "security/access.AccessList", "security/access.BlessingPattern"] {
            #expect(names.contains(expected), "missing \(expected)")
        }
        // Versioned is not used by any method.
        #expect(!names.contains("testing/features.Versioned"))
        let everything = try #require(Features.Store.descriptor.type(named: "testing/features.Everything"))
        #expect(everything.kind == .structure)
        #expect(everything.field(named: "Pinned")?.number == 100)
        #expect(everything.field(named: "Pinned")?.doc == "Pinned keeps its wire number even if fields move.")
        #expect(everything.field(named: "Deep")?.type == "map[string][]testing/features.Point")
        #expect(Features.Store.descriptor.type(named: "testing/features.Hash")?.underlying == "[4]byte")
        #expect(Features.Store.descriptor.type(named: "testing/features.Color")?.labels == ["Red", "Green", "Blue"])
        #expect(Features.Store.descriptor.type(named: "testing/features.Shape")?.kind == .union)
        // The base interface uses only built-in types.
        #expect(Features.Base.descriptor.types.isEmpty)
    }

    @Test func everyFieldKindRoundTripsThroughJSONByteForByte() throws {
        let bytes = try sampleEverything().serializedBytes()
        let json = try codec.decodeMessage(bytes, as: "testing/features.Everything")
        #expect(try codec.encodeMessage(json, as: "testing/features.Everything") == bytes)
        #expect(json["I64"] == .number("-9223372036854775808"))
        #expect(json["U64"] == .number("18446744073709551615"))
        #expect(json["Color"] == .string("Blue"))
        #expect(json["Hash"] == .string("CQgHBg=="))
        #expect(json["Any"] == (try Self.json(#"{"type": "string", "value": "in any"}"#)))
        #expect(json["Shape"] == (try Self.json(#"{"Points": [{"X": 1, "Y": 2}, {"X": -1, "Y": 0}]}"#)))
        #expect(json["MaybePoint"] == (try Self.json(#"{"X": 0, "Y": 0}"#)))
        #expect(json["Tag"] == .string("Write"))
        #expect(json["Type"] == .string("[]int32"))
        #expect(json["Err"]?["params"] == (try Self.json(#"[{"type": "int32", "value": 7}]"#)))
        #expect(json["Perms"] == (try Self.json(#"{"Read": {"In": ["root:ops"], "NotIn": ["root:ops:bad"]}}"#)))
    }

    @Test func zeroValuesDecodeToZeroJSONAndEncodeToNothing() throws {
        let json = try codec.decodeMessage([], as: "testing/features.Everything")
        #expect(json["Grid"] == (try Self.json("[[0, 0, 0], [0, 0, 0]]")))
        #expect(json["Hash"] == .string("AAAAAA=="))
        #expect(json["MaybePoint"] == .null)
        #expect(json["Shape"] == (try Self.json(#"{"Circle": 0}"#)))
        #expect(json["Type"] == .string("any"))
        #expect(try codec.encodeMessage(json, as: "testing/features.Everything") == [])
        #expect(try codec.encodeMessage(.object([]), as: "testing/features.Everything") == [])
    }

    @Test func jsonWrittenByHandEncodesLikeTheGeneratedCode() throws {
        let text = #"""
            {"B": true, "Byte": 200, "I8": -100, "I32": -2000000000, "U64": 18446744073709551615, "F32": 1.5, "F64": -2.25,
             "S": "héllo", "Bytes": [0, 1, 255], "Hash": "CQgHBg==", "Name": "alice", "Flags": true, "Ratio": 0.5,
             "Color": "Green", "Point": {"Y": -4, "X": 3}, "Shape": {"Square": {}}, "MaybePoint": {},
             "List": ["a", "", "c"], "Matrix": [[1, 2], [], [-3]], "Grid": [[1, 2, 3], [-4, -5, -6]],
             "Set": ["y", "x", "y"], "Colors": ["Green", "Red"], "Map": {"one": 1, "minus": -1},
             "Deep": {"k": [{"X": 5, "Y": 6}]}, "Lookup": [[{"X": 1, "Y": 1}, "p11"], [{}, "origin"]],
             "Ids": [1, 2, 18446744073709551615], "Any": {"type": "testing/features.Point", "value": {"X": 1}},
             "Err": {"id": "testing/features.NotFound", "retryAction": "RetryBackoff", "message": "gone",
                     "params": [{"type": "int32", "value": 7}]},
             "Type": "[]int32", "Tag": "Write", "Perms": {"Read": {"In": ["root:ops"]}}, "Pinned": "kept"}
            """#
        let expected = Features.Everything(
            b: true, byte: 200, i8: -100, i32: -2_000_000_000, u64: UInt64.max, f32: 1.5, f64: -2.25, s: "héllo",
            bytes: [0, 1, 255], hash: [9, 8, 7, 6], name: "alice", flags: true, ratio: 0.5, color: .green,
            point: Features.Point(x: 3, y: -4), shape: .square(Features.Point()), maybePoint: Features.Point(),
            list: ["a", "", "c"], matrix: [[1, 2], [], [-3]], grid: [[1, 2, 3], [-4, -5, -6]], set: ["x", "y"],
            colors: [.red, .green], map: ["one": 1, "minus": -1], deep: ["k": [Features.Point(x: 5, y: 6)]],
            lookup: [Features.Point(x: 1, y: 1): "p11", Features.Point(): "origin"], ids: [1, 2, UInt64.max],
            any: try VDLAny(Features.Point(x: 1)),
            err: VDLError(id: "testing/features.NotFound", retryAction: .retryBackoff, message: "gone", parameters: [try VDLAny(Int32(7))]),
            type: VDLTypeObject(rawValue: "[]int32"), tag: Access.write,
            perms: ["Read": Access.AccessList(in: ["root:ops"])], pinned: "kept")
        #expect(try codec.encodeMessage(try Self.json(text), as: "testing/features.Everything") == (try expected.serializedBytes()))
    }

    @Test func recursiveTypesAndUnionsMatchTheGeneratedCode() throws {
        let tree = Features.Tree(value: 1, left: Features.Tree(value: -2), right: Features.Tree(),
                                 children: [Features.Tree(value: 3, children: [Features.Tree()])])
        let json = try Self.json(#"{"Value": 1, "Left": {"Value": -2}, "Right": {}, "Children": [{"Value": 3, "Children": [{}]}]}"#)
        #expect(try codec.encodeMessage(json, as: "testing/features.Tree") == (try tree.serializedBytes()))
        let decoded = try codec.decodeMessage(try tree.serializedBytes(), as: "testing/features.Tree")
        #expect(decoded["Right"] == (try Self.json(#"{"Value": 0, "Left": null, "Right": null, "Children": []}"#)))
        // The zero arm is still written inside the union message.
        let circle = try codec.encodeMessage(try Self.json(#"{"Circle": 0}"#), as: "testing/features.Shape")
        #expect(circle == (try Features.Shape.circle(0).serializedBytes()))
        let nested = try codec.encodeMessage(try Self.json(#"{"Nested": null}"#), as: "testing/features.Shape")
        #expect(nested == (try Features.Shape.nested(nil).serializedBytes()))
        #expect(try codec.decodeMessage(nested, as: "testing/features.Shape") == (try Self.json(#"{"Nested": null}"#)))
    }

    @Test func argumentsResultsAndStreamItemsMatchTheGeneratedMessages() throws {
        let put = Features.Store.Method.Put.descriptor
        let arguments = try codec.encodeArguments([.string("k"), try Self.json(#"{"S": "v", "Color": "Blue"}"#)], for: put)
        #expect(arguments == (try Features.Store.Method.Put.Request(key: "k", value: Features.Everything(s: "v", color: .blue)).serializedBytes()))

        let lookup = Features.Store.Method.Lookup.descriptor
        let response = try Features.Store.Method.Lookup.Response(value: Features.Everything(s: "v"), found: true).serializedBytes()
        let results = try codec.decodeResults(response, for: lookup)
        #expect(results.count == 2)
        #expect(results.first?["S"] == .string("v"))
        #expect(results.last == .bool(true))

        // A zero stream item is written anyway: field 1, empty.
        var writer = ProtoWriter()
        try writer.writePresent(Features.Point(), field: 1, as: Features.Point.WireCodec.self)
        #expect(try codec.encodeStreamItem(.object([]), as: "testing/features.Point") == writer.bytes)
        #expect(try codec.decodeStreamItem(writer.bytes, as: "testing/features.Point") == (try Self.json(#"{"X": 0, "Y": 0}"#)))
    }

    @Test func mistakesAreNamedWithTheirPathAndType() throws {
        let add = Fortune.Fortune.Method.Add.descriptor
        #expect(throws: ReflectionError.mismatch(path: "argument 1 (fortune)", expected: "a JSON string for string", got: "42")) {
            try codec.encodeArguments([.number("42")], for: add)
        }
        let count = #expect(throws: ReflectionError.self) { try codec.encodeArguments([.string("a"), .string("b")], for: add) }
        #expect(count?.description == "Add takes 1 argument (fortune string), got 2")

        func message(_ text: String, _ type: String) -> String? {
            do {
                _ = try codec.encodeMessage(try Self.json(text), as: type)
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(message(#"{"Z": 1}"#, "testing/features.Point") == "value: struct testing/features.Point has no field Z (fields: X, Y)")
        #expect(message(#"{"I8": 200}"#, "testing/features.Everything") == "value.I8: 200 is out of range for int8 (-128...127)")
        #expect(message(#"{"U16": -1}"#, "testing/features.Everything") == "value.U16: -1 is out of range for uint16 (0...65535)")
        #expect(message(#"{"I32": 1.5}"#, "testing/features.Everything") == "value.I32: expected an integer for int32, got 1.5")
        #expect(message(#"{"Hash": [1, 2]}"#, "testing/features.Everything") == "value.Hash: array [4]byte needs exactly 4 elements, got 2")
        #expect(message(#"{"Color": "Purple"}"#, "testing/features.Everything") == "value.Color: enum testing/features.Color has no label Purple (labels: Red, Green, Blue)")
        #expect(message(#"{"Shape": {"Hexagon": 1}}"#, "testing/features.Everything") == "value.Shape: union testing/features.Shape has no arm Hexagon (arms: Circle, Square, Label, Points, Nested)")
        #expect(message(#"{"List": ["a", 2]}"#, "testing/features.Everything") == "value.List[1]: expected a JSON string for string, got 2")
        #expect(message(#"{"Any": {"type": "nowhere.T", "value": 1}}"#, "testing/features.Everything") == "value.Any.value: the signature has no definition of type nowhere.T")
    }

    @Test func vdlLiteralsConvertThroughTheTypeToTheSameBytes() throws {
        let literal = #"""
            Everything{B: true, I8: -100, U64: 0xFF, S: "h\u00e9llo", Bytes: "abc", Hash: {9, 8, 7, 6},
                       Color: Color.Green, Point: Point{3, -4}, Shape: Shape{Label: `raw`}, MaybePoint: ?Point(nil),
                       List: []string{"a", "b"}, Map: map[string]int64{"one": 1}, Lookup: {{1, 1}: "p11"},
                       Name: Name("alice"), Colors: set[Color]{Red, Blue}}
            """#
        let json = try codec.json(fromVDL: literal, as: "testing/features.Everything")
        let expected = Features.Everything(
            b: true, i8: -100, u64: 255, s: "héllo", bytes: Array("abc".utf8), hash: [9, 8, 7, 6], name: "alice",
            color: .green, point: Features.Point(x: 3, y: -4), shape: .label("raw"), maybePoint: nil, list: ["a", "b"],
            colors: [.red, .blue], map: ["one": 1], lookup: [Features.Point(x: 1, y: 1): "p11"])
        #expect(try codec.encodeMessage(json, as: "testing/features.Everything") == (try expected.serializedBytes()))
        #expect(try codec.json(fromVDL: "?Point({X: 1})", as: "?testing/features.Point") == (try Self.json(#"{"X": 1}"#)))
        #expect(throws: ReflectionError.invalidValue(path: "value", message: "struct testing/features.Point has no field Z (fields: X, Y)")) {
            try codec.json(fromVDL: "Point{Z: 1}", as: "testing/features.Point")
        }
        #expect(throws: ReflectionError.invalidValue(path: "value", message: "struct testing/features.Point has 2 fields, got 3 values")) {
            try codec.json(fromVDL: "{1, 2, 3}", as: "testing/features.Point")
        }
        #expect(throws: ReflectionError.self) { try codec.json(fromVDL: "Point{X: 1", as: "testing/features.Point") }
    }

    @Test func malformedBytesAreReportedNotTrapped() throws {
        // Field 3 (I8) holding zigzag 400 (= 200) does not fit int8.
        #expect(throws: ReflectionError.malformed(path: "value.I8", message: "value out of range: 200 does not fit in int8")) {
            try codec.decodeMessage([0x18, 0x90, 0x03], as: "testing/features.Everything")
        }
        #expect(throws: ReflectionError.self) { try codec.decodeMessage([0x0A, 0x05, 0x01], as: "testing/features.Everything") }
    }

    @Test func theSignatureMessagesCarryTheDescriptorsExactly() throws {
        for descriptor in [Features.Store.descriptor, Features.Base.descriptor, Fortune.Fortune.descriptor] {
            let bytes = try Signature.Reply(interfaces: [descriptor.signature]).serializedBytes()
            let back = try Signature.Reply(serializedBytes: bytes).interfaces.map(ServiceDescriptor.init(signature:))
            #expect(back == [descriptor])
        }
    }

    @Test func theInProcessTransportAnswersSignature() async throws {
        let transport = InProcessTransport([Fortune.Fortune.registration(FortuneStore()), Features.Store.registration(FeatureStore())])
        let services = try await transport.signature()
        #expect(services == [Fortune.Fortune.descriptor, Features.Store.descriptor])
        let syntax = services[0].vdlSyntax()
        #expect(syntax.contains("// Fortune keeps a set of fortunes.\ntype Fortune interface {\n"))
        #expect(syntax.contains("\t// Add stores a fortune.\n\tAdd(fortune string) error {access.Write}\n"))
        #expect(syntax.contains("\tGet() (fortune string | error) {access.Read}\n"))
        let store = services[1].vdlSyntax()
        #expect(store.contains("\tUpload() stream<Point, _> (count int32 | error) {access.Write}\n"))
        #expect(store.contains("\tChat() stream<string, string> error {access.Write, \"chat\"}\n"))
        #expect(store.contains("\tBase\n"))
    }
}

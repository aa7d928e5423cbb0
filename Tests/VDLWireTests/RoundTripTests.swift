import Testing
import VDLWire

@Suite struct RoundTripTests {
    @Test func everyKindRoundTrips() throws {
        let value = try EveryKind.sample()
        let bytes = try value.serializedBytes()
        #expect(!bytes.isEmpty)
        let decoded = try EveryKind(serializedBytes: bytes)
        #expect(decoded == value)
        // Fields whose value is the default but that must stay present.
        #expect(decoded.maybePoint == Point())
        #expect(decoded.optNumber == .some(0))
        #expect(decoded.float.sign == .minus)
        #expect(decoded.listOfOptionals == [1, nil, 0])
        #expect(decoded.shape == .label(""))
        // Encoding the decoded value gives the same bytes.
        #expect(try decoded.serializedBytes() == bytes)
    }

    @Test func decodesFromNonContiguousCollectionsAndBuffers() throws {
        let value = try EveryKind.sample()
        let bytes = try value.serializedBytes()
        #expect(try EveryKind(serializedBytes: bytes[...]) == value)
        #expect(try EveryKind(serializedBytes: bytes.lazy.map { $0 }) == value)   // not contiguous: copied
        let fromBuffer = try bytes.withUnsafeBytes { try EveryKind(serializedBytes: $0) }
        #expect(fromBuffer == value)
    }

    @Test func zeroMessageEncodesToNoBytes() throws {
        #expect(try EveryKind().serializedBytes() == [])
        #expect(try Point().serializedBytes() == [])
        #expect(try VDLError().serializedBytes() == [])
        #expect(try VDLAny().serializedBytes() == [])
        #expect(try EveryKind(serializedBytes: [UInt8]()) == EveryKind())
        // A zero nested message field is omitted too.
        var v = EveryKind()
        v.point = Point()
        v.pointPair = [Point(), Point()]
        v.triple = [0, 0, 0]
        #expect(try v.serializedBytes() == [])
    }

    @Test func eachFieldAloneRoundTrips() throws {
        // Setting one field at a time checks that each field number is read back into its own field.
        let full = try EveryKind.sample()
        let setters: [(inout EveryKind) -> Void] = [
            { $0.flag = full.flag }, { $0.byte = full.byte }, { $0.u16 = full.u16 }, { $0.u32 = full.u32 },
            { $0.u64 = full.u64 }, { $0.i8 = full.i8 }, { $0.i16 = full.i16 }, { $0.i32 = full.i32 },
            { $0.i64 = full.i64 }, { $0.plain32 = full.plain32 }, { $0.plain64 = full.plain64 },
            { $0.fixed32 = full.fixed32 }, { $0.fixed64 = full.fixed64 }, { $0.sfixed32 = full.sfixed32 },
            { $0.sfixed64 = full.sfixed64 }, { $0.float = full.float }, { $0.double = full.double },
            { $0.text = full.text }, { $0.blob = full.blob }, { $0.color = full.color }, { $0.point = full.point },
            { $0.maybePoint = full.maybePoint }, { $0.numbers = full.numbers }, { $0.names = full.names },
            { $0.points = full.points }, { $0.colors = full.colors }, { $0.nameSet = full.nameSet },
            { $0.scores = full.scores }, { $0.pointsByID = full.pointsByID }, { $0.matrix = full.matrix },
            { $0.triple = full.triple }, { $0.tag = full.tag }, { $0.optNumber = full.optNumber },
            { $0.listOfMaps = full.listOfMaps }, { $0.setOfSets = full.setOfSets }, { $0.anyValue = full.anyValue },
            { $0.error = full.error }, { $0.bools = full.bools }, { $0.fixedList = full.fixedList },
            { $0.doubles = full.doubles }, { $0.pointPair = full.pointPair }, { $0.shape = full.shape },
            { $0.listOfOptionals = full.listOfOptionals }, { $0.mapOfLists = full.mapOfLists },
        ]
        for (i, set) in setters.enumerated() {
            var v = EveryKind()
            set(&v)
            let bytes = try v.serializedBytes()
            #expect(!bytes.isEmpty, "setter \(i) wrote nothing")
            #expect(try EveryKind(serializedBytes: bytes) == v, "setter \(i)")
        }
    }

    @Test func unionRoundTrips() throws {
        for shape: Shape in [.radius(0), .radius(2.5), .label(""), .label("hi"), .origin(Point()), .origin(Point(x: 3, y: 4))] {
            let bytes = try shape.serializedBytes()
            #expect(!bytes.isEmpty, "a union writes its active arm even when zero")
            #expect(try Shape(serializedBytes: bytes) == shape)
        }
        #expect(try Shape(serializedBytes: [UInt8]()) == Shape())
        // Two arms on the wire: the last one wins.
        #expect(try Shape(serializedBytes: hex("09 00 00 00 00 00 00 F0 3F 12 01 61")) == .label("a"))
    }

    @Test func lastOccurrenceWinsForSingularFields() throws {
        // i32 (field 8, sint32) twice; point (field 21) twice: replaced, not merged.
        let bytes = hex("40 02 40 04") + hex("AA 01 02 08 02") + hex("AA 01 02 10 06")
        let v = try EveryKind(serializedBytes: bytes)
        #expect(v.i32 == 2)
        #expect(v.point == Point(x: 0, y: 3))
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        let point = Point(x: 7, y: -7)
        var bytes = try point.serializedBytes()
        let unknown = hex("B8 06 96 01")                        // field 103 varint
            + hex("C1 06 01 02 03 04 05 06 07 08")            // field 104 fixed64
            + hex("CA 06 03 61 62 63")                         // field 105 length-delimited
            + hex("D5 06 01 02 03 04")                         // field 106 fixed32
            + hex("F8 FF FF FF 0F FF FF FF FF FF FF FF FF FF 01")  // max field number, 10-byte varint
        bytes = unknown + bytes + unknown
        #expect(try Point(serializedBytes: bytes) == point)
        // Every field of another message is unknown to Point once fields 1 and 2 are cleared.
        var other = try EveryKind.sample()
        other.flag = false
        other.byte = 0
        #expect(try Point(serializedBytes: try other.serializedBytes()) == Point())
    }

    @Test func arraysDecodeAbsentAsDefaults() throws {
        var v = EveryKind()
        v.triple = [0, 0, 0]
        v.pointPair = [Point(), Point()]
        let decoded = try EveryKind(serializedBytes: try v.serializedBytes())
        #expect(decoded.triple == [0, 0, 0])
        #expect(decoded.pointPair == [Point(), Point()])
        // A partly default array is written in full.
        v.triple = [0, 0, 1]
        let bytes = try v.serializedBytes()
        #expect(bytes.count == 2 + 1 + 24)   // tag of field 31, length, three doubles
        #expect(try EveryKind(serializedBytes: bytes).triple == [0, 0, 1])
    }

    @Test func lengthPrefixesLongerThanOneByte() throws {
        // Lengths crossing 127 (2-byte prefix) and 16383 (3-byte prefix) take the shift path.
        for length in [0, 1, 127, 128, 129, 300, 16383, 16384, 16385, 70_000, 2_100_000] {
            var v = EveryKind()
            v.text = String(repeating: "é", count: length / 2) + String(repeating: "a", count: length % 2)
            v.point = Point(x: 1, y: 2)
            v.numbers = Array(repeating: -1, count: length)       // packed run of `length` bytes
            v.points = [Point(x: Int32(length), y: 0)]
            let bytes = try v.serializedBytes()
            #expect(try EveryKind(serializedBytes: bytes) == v, "length \(length)")

            // The string field's prefix is the minimal varint of its byte length.
            let prefixed = try encodeField { try $0.writePresent(v.text, field: 1, as: StringCodec.self) }
            let expectedPrefix = encodeField { $0.writeTag(1, .lengthDelimited); $0.writeVarint(UInt64(length)) }
            #expect(Array(prefixed.prefix(expectedPrefix.count)) == expectedPrefix)
            #expect(prefixed.count == expectedPrefix.count + length)
        }
    }

    @Test func nestedLongBodiesShiftCorrectly() throws {
        // Messages inside messages, each body longer than 127 bytes, so every level shifts.
        var node = Node()
        node.value = 1
        var expectedSizes: [Int] = []
        for i in 0..<40 {
            var parent = Node()
            parent.value = Int32.max - Int32(i)
            parent.next = node
            node = parent
            let bytes = try node.serializedBytes()
            expectedSizes.append(bytes.count)
            #expect(try Node(serializedBytes: bytes) == node)
        }
        #expect(expectedSizes.last ?? 0 > 200)
    }

    @Test func deepNestingWithinLimitRoundTrips() throws {
        let chain = Node.chain(200)
        let bytes = try chain.serializedBytes()
        let decoded = try bytes.withUnsafeBytes { raw in
            var r = ProtoReader(raw, depthLimit: 250)
            return try Node(from: &r)
        }
        #expect(decoded == chain)
    }
}

import Testing
import VDLWire

@Suite struct BuiltinTypeTests {
    @Test func anyRoundTripsEveryScalar() throws {
        func check<T: VDLValue>(_ v: T, _ name: String) throws {
            let any = try VDLAny(v)
            #expect(any.typeName == name)
            #expect(try any.decode(as: T.self) == v)
            let wire = try VDLAny(serializedBytes: try any.serializedBytes())
            #expect(wire == any)
            #expect(try wire.decode(as: T.self) == v)
        }
        try check(true, "bool")
        try check(UInt8(200), "byte")
        try check(UInt16(65000), "uint16")
        try check(UInt32.max, "uint32")
        try check(UInt64.max, "uint64")
        try check(Int8(-100), "int8")
        try check(Int16(-30000), "int16")
        try check(Int32.min, "int32")
        try check(Int64.min, "int64")
        try check(Float(1.5), "float32")
        try check(Double(-2.25), "float64")
        try check("hello", "string")
        try check(Int32(0), "int32")     // default value: empty payload, decodes back to 0
        try check(Point(x: 1, y: 2), "test.Point")
        try check(Point(), "test.Point")
        try check(Color.green, "test.Color")
        try check(Tag(rawValue: "t"), "test.Tag")
        try check(Shape.label("x"), "test.Shape")
        try check(try EveryKind.sample(), "test.EveryKind")
        try check(VDLTypeObject(rawValue: "[]int32"), "typeobject")
        try check(RetryAction.retryRefetch, "vdl.RetryAction")
        try check(VDLError(id: "a.B", message: "m"), "error")
        try check(try VDLAny("nested"), "any")
    }

    @Test func anyPayloadIsTheWrapperMessage() throws {
        // value = encoding of { T value = 1; }: sint32 150 -> 08 AC 02.
        let any = try VDLAny(Int32(150))
        #expect(any.value == hex("08 AC 02"))
        #expect(try any.serializedBytes() == hex("0A 05 69 6E 74 33 32 12 03 08 AC 02"))
        #expect(try VDLAny(Int32(0)).value == [])
        #expect(try VDLAny(Point(x: 1, y: 0)).value == hex("0A 02 08 02"))
    }

    @Test func anyTypeMismatch() throws {
        let any = try VDLAny("text")
        #expect(wireError { _ = try any.decode(as: Int32.self) } == .anyTypeMismatch(expected: "int32", got: "string"))
        #expect(wireError { _ = try any.decode(as: Point.self) } == .anyTypeMismatch(expected: "test.Point", got: "string"))
        #expect(wireError { _ = try VDLAny().decode(as: String.self) } == .anyTypeMismatch(expected: "string", got: ""))
        // A payload that does not decode as the named type is a wire error, not a crash.
        let corrupt = VDLAny(typeName: "string", value: hex("0A 02 C3 28"))
        #expect(wireError { _ = try corrupt.decode(as: String.self) } == .invalidUTF8(field: 1))
        let narrow = VDLAny(typeName: "byte", value: hex("08 AC 02"))
        #expect(wireError { _ = try narrow.decode(as: UInt8.self) } == .valueOutOfRange("300 does not fit in uint8"))
    }

    @Test func errorRoundTripsAndDescribes() throws {
        let error = VDLError(id: "examples/fortune.NotFound", retryAction: .retryBackoff,
                             message: "no fortune \"x\"", parameters: [try VDLAny("x"), try VDLAny(Int64(7))])
        #expect(error.description == "examples/fortune.NotFound: no fortune \"x\"")
        #expect("\(error)" == "examples/fortune.NotFound: no fortune \"x\"")
        let decoded = try VDLError(serializedBytes: try error.serializedBytes())
        #expect(decoded == error)
        #expect(try decoded.parameters[1].decode(as: Int64.self) == 7)
        #expect(VDLError(id: "a.B", message: "").description == "a.B")
        // It can be thrown and caught as a Swift error.
        func fail() throws { throw error }
        #expect(throws: VDLError.self) { try fail() }
        // Field layout: id = 1, retry_action = 2, message = 3, params = 4.
        let small = VDLError(id: "i", retryAction: .retryConnection, message: "m")
        #expect(try small.serializedBytes() == hex("0A 01 69 10 01 1A 01 6D"))
    }

    @Test func retryActionLabels() {
        #expect(RetryAction.allCases.map(\.vdlLabel) == ["NoRetry", "RetryConnection", "RetryRefetch", "RetryBackoff"])
        #expect(RetryAction.allCases.map(\.rawValue) == [0, 1, 2, 3])
    }

    @Test func typeObjectIsAString() throws {
        let t: VDLTypeObject = "[]int32"
        #expect(t.rawValue == "[]int32")
        #expect(VDLTypeObject(of: Point.self).rawValue == "test.Point")
        let bytes = try encodeField { try $0.write(t, field: 1, as: NewtypeCodec<VDLTypeObject, StringCodec>.self) }
        #expect(bytes == hex("0A 07 5B 5D 69 6E 74 33 32"))
        #expect(try decodeField1(bytes, as: VDLTypeObject.WireCodec.self) == t)
    }

    @Test func newtypeUsesItsUnderlyingEncoding() throws {
        let tag = Tag(rawValue: "testing")
        let a = try encodeField { try $0.write(tag, field: 2, as: Tag.WireCodec.self) }
        #expect(a == hex("12 07 74 65 73 74 69 6e 67"))
        #expect(try encodeField { try $0.write(Tag(rawValue: ""), field: 2, as: Tag.WireCodec.self) } == [])
    }

    @Test func writerBasics() throws {
        var w = ProtoWriter(reservingCapacity: 0)
        #expect(w.bytes.isEmpty && w.count == 0)
        w.writeRawBytes([1, 2, 3])
        w.writeRawBytes([4, 5][...])
        w.writeFixed32(0x0A0B0C0D)
        w.writeFixed64(1)
        #expect(w.bytes == hex("01 02 03 04 05 0D 0C 0B 0A 01 00 00 00 00 00 00 00"))
        // Empty collections write nothing.
        try w.writeRepeated([Int32](), field: 1, as: ZigZagCodec<Int32>.self)
        try w.writeSet(Set<String>(), field: 1, as: StringCodec.self)
        try w.writeMap([String: Int32](), field: 1, key: StringCodec.self, value: ZigZagCodec<Int32>.self)
        try w.writeOptional(Int32?.none, field: 1, as: ZigZagCodec<Int32>.self)
        #expect(w.count == 17)
        try w.writeOptional(Int32?.some(0), field: 1, as: ZigZagCodec<Int32>.self)
        try w.writePresent(Int32(0), field: 2, as: ZigZagCodec<Int32>.self)
        #expect(Array(w.bytes.suffix(4)) == hex("08 00 10 00"))
    }

    @Test func readerBasics() throws {
        try withReader(hex("0D 01 00 00 00 11 02 00 00 00 00 00 00 00 1A 02 AA BB 20 05")) { r in
            #expect(!r.isAtEnd)
            #expect(try r.nextField() == FieldTag(number: 1, wireType: .fixed32))
            #expect(try r.readFixed32() == 1)
            #expect(try r.nextField() == FieldTag(number: 2, wireType: .fixed64))
            #expect(try r.readFixed64() == 2)
            #expect(try r.nextField() == FieldTag(number: 3, wireType: .lengthDelimited))
            #expect(Array(try r.readLengthDelimitedBytes()) == [0xAA, 0xBB])
            let tag = try #require(try r.nextField())
            try r.skip(tag)
            #expect(r.isAtEnd && r.remainingCount == 0)
            #expect(try r.nextField() == nil)
        }
        // readNested gives a sub-reader over the body only.
        let inner = try withReader(hex("04 08 01 FF 01 10")) { r -> [UInt8] in
            let body = try r.readNested { sub -> [UInt8] in
                var seen: [UInt8] = []
                while !sub.isAtEnd { seen.append(UInt8(try sub.readVarint())) }
                return seen
            }
            #expect(try r.readVarint() == 0x10)
            return body
        }
        #expect(inner == [8, 1, 0xFF])
    }
}

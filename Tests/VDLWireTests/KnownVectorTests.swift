import Testing
import VDLWire

/// Byte vectors from the protobuf encoding guide and the proto3 rules they illustrate.
@Suite struct KnownVectorTests {
    @Test func varint150() throws {
        #expect(try encodeField { try $0.write(UInt32(150), field: 1, as: VarintCodec<UInt32>.self) } == hex("08 96 01"))
        #expect(try encodeField { try $0.write(Int32(150), field: 1, as: SignedVarintCodec<Int32>.self) } == hex("08 96 01"))
        #expect(try decodeField1(hex("08 96 01"), as: VarintCodec<UInt32>.self) == 150)
    }

    @Test func negativeInt32IsTenBytes() throws {
        let bytes = try encodeField { try $0.write(Int32(-1), field: 1, as: SignedVarintCodec<Int32>.self) }
        #expect(bytes == hex("08 FF FF FF FF FF FF FF FF FF 01"))
        #expect(try decodeField1(bytes, as: SignedVarintCodec<Int32>.self) == -1)
        let min64 = try encodeField { try $0.write(Int64.min, field: 1, as: SignedVarintCodec<Int64>.self) }
        #expect(min64 == hex("08 80 80 80 80 80 80 80 80 80 01"))
        #expect(try decodeField1(min64, as: SignedVarintCodec<Int64>.self) == .min)
    }

    @Test func zigzag() throws {
        #expect(try encodeField { try $0.write(Int32(-1), field: 1, as: ZigZagCodec<Int32>.self) } == hex("08 01"))
        let cases: [(Int64, UInt64)] = [(0, 0), (-1, 1), (1, 2), (-2, 3), (2_147_483_647, 4_294_967_294),
                                        (-2_147_483_648, 4_294_967_295), (.max, .max - 1), (.min, .max)]
        for (value, zigzag) in cases {
            let got = encodeField { try? $0.writePresent(value, field: 1, as: ZigZagCodec<Int64>.self) }
            let want = encodeField { $0.writeTag(1, .varint); $0.writeVarint(zigzag) }
            #expect(got == want, "zigzag(\(value))")
            #expect(try decodeField1(got, as: ZigZagCodec<Int64>.self) == value)
        }
        // sint32 and sint64 agree on 32-bit values.
        for v: Int32 in [0, 1, -1, .max, .min, 12345, -12345] {
            let a = try encodeField { try $0.write(v, field: 1, as: ZigZagCodec<Int32>.self) }
            let b = try encodeField { try $0.write(Int64(v), field: 1, as: ZigZagCodec<Int64>.self) }
            #expect(a == b)
        }
        #expect(try encodeField { try $0.write(Int8(-128), field: 1, as: ZigZagCodec<Int8>.self) } == hex("08 FF 01"))
    }

    @Test func string() throws {
        let bytes = try encodeField { try $0.write("testing", field: 2, as: StringCodec.self) }
        #expect(bytes == hex("12 07 74 65 73 74 69 6e 67"))
        let decoded = try withReader(bytes) { r -> String in
            let tag = try #require(try r.nextField())
            #expect(tag == FieldTag(number: 2, wireType: .lengthDelimited))
            return try r.read(tag, as: StringCodec.self)
        }
        #expect(decoded == "testing")
    }

    @Test func packedRepeated() throws {
        let bytes = try encodeField { try $0.writeRepeated([UInt32(3), 270, 86942], field: 4, as: VarintCodec<UInt32>.self) }
        #expect(bytes == hex("22 06 03 8E 02 9E A7 05"))
        let decoded = try withReader(bytes) { r -> [UInt32] in
            var values: [UInt32] = []
            while let tag = try r.nextField() { try r.readRepeated(tag, as: VarintCodec<UInt32>.self, into: &values) }
            return values
        }
        #expect(decoded == [3, 270, 86942])
    }

    @Test func unpackedRepeatedScalarsAreAccepted() throws {
        let bytes = hex("20 03 20 8E 02 22 03 9E A7 05 20 01")  // unpacked, packed and unpacked again
        let decoded = try withReader(bytes) { r -> [UInt32] in
            var values: [UInt32] = []
            while let tag = try r.nextField() { try r.readRepeated(tag, as: VarintCodec<UInt32>.self, into: &values) }
            return values
        }
        #expect(decoded == [3, 270, 86942, 1])
    }

    @Test func nestedMessage() throws {
        // Test3 { Test1 c = 3; } with Test1.a = 150: 1a 03 08 96 01
        struct Test1: VDLMessage {
            var a: Int32 = 0
            static var vdlTypeName: String { "test.Test1" }
            init() {}
            func encode(to w: inout ProtoWriter) throws { try w.write(a, field: 1, as: SignedVarintCodec<Int32>.self) }
            init(from r: inout ProtoReader) throws {
                self.init()
                while let t = try r.nextField() {
                    if t.number == 1 { a = try r.read(t, as: SignedVarintCodec<Int32>.self) } else { try r.skip(t) }
                }
            }
        }
        var t = Test1()
        t.a = 150
        #expect(try encodeField { try $0.write(t, field: 3, as: MessageCodec<Test1>.self) } == hex("1A 03 08 96 01"))
        #expect(try t.serializedBytes() == hex("08 96 01"))
        #expect(try Test1(serializedBytes: hex("08 96 01")) == t)
    }

    @Test func fixedAndFloatingPoint() throws {
        #expect(try encodeField { try $0.write(UInt32(1), field: 1, as: Fixed32Codec.self) } == hex("0D 01 00 00 00"))
        #expect(try encodeField { try $0.write(UInt64(0x0102030405060708), field: 1, as: Fixed64Codec.self) } == hex("09 08 07 06 05 04 03 02 01"))
        #expect(try encodeField { try $0.write(Int32(-2), field: 1, as: SFixed32Codec.self) } == hex("0D FE FF FF FF"))
        #expect(try encodeField { try $0.write(Int64(-2), field: 1, as: SFixed64Codec.self) } == hex("09 FE FF FF FF FF FF FF FF"))
        #expect(try encodeField { try $0.write(Float(1), field: 1, as: FloatCodec.self) } == hex("0D 00 00 80 3F"))
        #expect(try encodeField { try $0.write(Double(1), field: 1, as: DoubleCodec.self) } == hex("09 00 00 00 00 00 00 F0 3F"))
        // +0.0 is the default; -0.0 is written.
        #expect(try encodeField { try $0.write(Float(0), field: 1, as: FloatCodec.self) } == [])
        #expect(try encodeField { try $0.write(Float(-0.0), field: 1, as: FloatCodec.self) } == hex("0D 00 00 00 80"))
        #expect(try encodeField { try $0.write(Double(-0.0), field: 1, as: DoubleCodec.self) } == hex("09 00 00 00 00 00 00 00 80"))
        let negZero = try decodeField1(hex("09 00 00 00 00 00 00 00 80"), as: DoubleCodec.self)
        #expect(negZero == 0 && negZero.sign == .minus)
        let nan = try decodeField1(hex("0D 01 00 C0 7F"), as: FloatCodec.self)
        #expect(nan.bitPattern == 0x7FC0_0001)
        #expect(try decodeField1(hex("0D FE FF FF FF"), as: SFixed32Codec.self) == -2)
    }

    @Test func boolAndEnum() throws {
        #expect(try encodeField { try $0.write(true, field: 1, as: BoolCodec.self) } == hex("08 01"))
        #expect(try encodeField { try $0.write(false, field: 1, as: BoolCodec.self) } == [])
        #expect(try decodeField1(hex("08 02"), as: BoolCodec.self) == true)
        #expect(try encodeField { try $0.write(Color.blue, field: 5, as: EnumCodec<Color>.self) } == hex("28 02"))
        #expect(try encodeField { try $0.write(Color.red, field: 5, as: EnumCodec<Color>.self) } == [])
        #expect(try decodeField1(hex("08 01"), as: EnumCodec<Color>.self) == .green)
    }

    @Test func mapEntries() throws {
        let bytes = try encodeField { try $0.writeMap(["a": Int32(1)], field: 1, key: StringCodec.self, value: SignedVarintCodec<Int32>.self) }
        #expect(bytes == hex("0A 05 0A 01 61 10 01"))
        // Default key and value are omitted inside the entry.
        let zero = try encodeField { try $0.writeMap(["": Int32(0)], field: 1, key: StringCodec.self, value: SignedVarintCodec<Int32>.self) }
        #expect(zero == hex("0A 00"))
        let decoded = try withReader(zero + hex("0A 02 10 05")) { r -> [String: Int32] in
            var map: [String: Int32] = [:]
            while let tag = try r.nextField() {
                try r.readMapEntry(tag, key: StringCodec.self, value: SignedVarintCodec<Int32>.self, into: &map)
            }
            return map
        }
        #expect(decoded == ["": 5])  // the later entry for the same key wins
    }

    @Test func tagEncoding() {
        #expect(encodeField { $0.writeTag(1, .varint) } == hex("08"))
        #expect(encodeField { $0.writeTag(15, .lengthDelimited) } == hex("7A"))
        #expect(encodeField { $0.writeTag(16, .varint) } == hex("80 01"))
        #expect(encodeField { $0.writeTag((1 << 29) - 1, .fixed32) } == hex("FD FF FF FF 0F"))
    }

    @Test func minimalVarintLengths() throws {
        let cases: [(UInt64, Int)] = [(0, 1), (127, 1), (128, 2), (16383, 2), (16384, 3), (UInt64(UInt32.max), 5), (.max, 10)]
        for (v, n) in cases {
            let bytes = encodeField { $0.writeVarint(v) }
            #expect(bytes.count == n, "varint \(v)")
            #expect(try withReader(bytes) { try $0.readVarint() } == v)
        }
    }

    @Test func optionalCodecWrapper() throws {
        // nil is omitted; Some(0) writes a wrapper whose field 1 is present.
        #expect(try encodeField { try $0.write(Int32?.none, field: 1, as: OptionalCodec<ZigZagCodec<Int32>>.self) } == [])
        let some0 = try encodeField { try $0.write(Int32?.some(0), field: 1, as: OptionalCodec<ZigZagCodec<Int32>>.self) }
        #expect(some0 == hex("0A 02 08 00"))
        #expect(try decodeField1(some0, as: OptionalCodec<ZigZagCodec<Int32>>.self) == .some(0))
        #expect(try decodeField1(hex("0A 00"), as: OptionalCodec<ZigZagCodec<Int32>>.self) == nil)
        #expect(try decodeField1([], as: OptionalCodec<ZigZagCodec<Int32>>.self) == nil)
    }

    @Test func listCodecWrapper() throws {
        let bytes = try encodeField { try $0.writeRepeated([[Int32(1), -1], []], field: 1, as: ListCodec<ZigZagCodec<Int32>>.self) }
        #expect(bytes == hex("0A 04 0A 02 02 01 0A 00"))
    }
}

import Testing
import VDLWire

/// The error malformed input gives when decoded as `EveryKind`.
private func decodeError(_ bytes: [UInt8]) -> WireError? {
    wireError { _ = try EveryKind(serializedBytes: bytes) }
}

@Suite struct ErrorTests {
    @Test func truncatedVarint() {
        #expect(decodeError(hex("20 96")) == .truncated("varint"))        // field 4, value cut short
        #expect(decodeError(hex("80")) == .truncated("field tag"))        // tag cut short
        #expect(wireError { _ = try withReader(hex("FF FF")) { try $0.readVarint() } } == .truncated("varint"))
        #expect(wireError { _ = try withReader([]) { try $0.readVarint() } } == .truncated("varint"))
    }

    @Test func truncatedFixed() {
        #expect(decodeError(hex("65 01 02 03")) == .truncated("fixed32"))           // field 12
        #expect(decodeError(hex("69 01 02 03 04 05 06 07")) == .truncated("fixed64"))  // field 13
        #expect(decodeError(hex("BD 07 01")) == .truncated("fixed32"))              // unknown field 119 skipped
        #expect(decodeError(hex("B9 07 01")) == .truncated("fixed64"))
        // A packed run whose last element is cut short.
        #expect(decodeError(hex("BA 02 06 01 00 00 00 02 00")) == .truncated("fixed32"))  // field 39
        #expect(decodeError(hex("BA 01 02 02 80")) == .truncated("varint"))           // field 23
    }

    @Test func truncatedLengthDelimited() {
        #expect(decodeError(hex("92 01")) == .truncated("length prefix"))          // field 18, no length
        #expect(decodeError(hex("92 01 80")) == .truncated("length prefix"))
        #expect(decodeError(hex("92 01 07 74 65")) == .lengthTooLarge(7, remaining: 2))
        #expect(decodeError(hex("AA 01 05 08 02")) == .lengthTooLarge(5, remaining: 2))  // nested message
        // A length inside a nested message may not reach past the nested body.
        #expect(decodeError(hex("AA 01 03 7A 05 00 00 00 00 00")) == .lengthTooLarge(5, remaining: 1))
    }

    @Test func lengthLargerThanInput() {
        #expect(decodeError(hex("92 01 FF FF FF FF 0F")) == .lengthTooLarge(4_294_967_295, remaining: 0))
        #expect(decodeError(hex("92 01 FF FF FF FF FF FF FF FF FF 01 00")) == .lengthTooLarge(Int.max, remaining: 1))
        #expect(decodeError(hex("CA 06 80 80 80 80 08")) == .lengthTooLarge(1 << 31, remaining: 0))  // unknown field
        #expect(wireError { _ = try withReader(hex("05 01 02")) { try $0.readLengthDelimitedBytes() } }
                == .lengthTooLarge(5, remaining: 2))
    }

    @Test func overlongVarints() {
        // 11 bytes: the 10th still has its continuation bit.
        #expect(decodeError(hex("28 FF FF FF FF FF FF FF FF FF 81 01")) == .malformedVarint)
        #expect(decodeError(hex("28 80 80 80 80 80 80 80 80 80 80 00")) == .malformedVarint)
        // 10 bytes, but the 10th carries bits beyond the 64th.
        #expect(decodeError(hex("28 FF FF FF FF FF FF FF FF FF 02")) == .malformedVarint)
        #expect(decodeError(hex("28 FF FF FF FF FF FF FF FF FF 7F")) == .malformedVarint)
        // The largest valid varint is accepted.
        #expect((try? EveryKind(serializedBytes: hex("28 FF FF FF FF FF FF FF FF FF 01")))?.u64 == .max)
        // A malformed tag is reported the same way.
        #expect(decodeError(hex("FF FF FF FF FF FF FF FF FF FF 01")) == .malformedVarint)
    }

    @Test func invalidFieldNumbers() {
        #expect(decodeError(hex("00 00")) == .invalidFieldNumber(0))
        #expect(decodeError(hex("02 00")) == .invalidFieldNumber(0))
        #expect(decodeError(hex("80 80 80 80 10 00")) == .invalidFieldNumber(1 << 29))       // tag 2^32
        #expect(decodeError(hex("F8 FF FF FF FF 01 00")) == .invalidFieldNumber((1 << 33) - 1))      // tag 0xF_FFFF_FFF8
        #expect(decodeError(hex("FF FF FF FF FF FF FF FF FF 01")) == .invalidFieldNumber(Int(UInt64.max >> 3)))
    }

    @Test(arguments: [UInt8(3), 4, 6, 7])
    func invalidWireTypes(_ type: UInt8) {
        #expect(decodeError([0x08 | type, 0, 0, 0, 0, 0, 0, 0, 0]) == .invalidWireType(type))
        #expect(decodeError([0xB8 | type, 0x06]) == .invalidWireType(type))   // unknown field 103
    }

    @Test func wireTypeMismatch() {
        #expect(decodeError(hex("90 01 05")) == .wireTypeMismatch(field: 18, expected: .lengthDelimited, got: .varint))
        #expect(decodeError(hex("0A 00")) == .wireTypeMismatch(field: 1, expected: .varint, got: .lengthDelimited))
        #expect(decodeError(hex("61 00 00 00 00 00 00 00 00")) == .wireTypeMismatch(field: 12, expected: .fixed32, got: .fixed64))
        // Repeated packable fields accept their own type or packed runs, nothing else.
        #expect(decodeError(hex("BD 01 00 00 00 00")) == .wireTypeMismatch(field: 23, expected: .varint, got: .fixed32))
        // Non-packable repeated fields do not accept a scalar wire type.
        #expect(decodeError(hex("C0 01 01")) == .wireTypeMismatch(field: 24, expected: .lengthDelimited, got: .varint))
        // Map entries must be length-delimited.
        #expect(decodeError(hex("E0 01 01")) == .wireTypeMismatch(field: 28, expected: .lengthDelimited, got: .varint))
        // A mismatch inside a nested message names the nested field.
        #expect(decodeError(hex("AA 01 02 0A 00")) == .wireTypeMismatch(field: 1, expected: .varint, got: .lengthDelimited))
    }

    @Test func depthLimit() throws {
        let deep = try Node.chain(200).serializedBytes()
        #expect(wireError { _ = try Node(serializedBytes: deep) } == .depthLimitExceeded(100))
        // The boundary: a chain of 101 nodes nests 100 levels below the top-level message.
        let atLimit = try Node.chain(101).serializedBytes()
        #expect(try Node(serializedBytes: atLimit) == Node.chain(101))
        let overLimit = try Node.chain(102).serializedBytes()
        #expect(wireError { _ = try Node(serializedBytes: overLimit) } == .depthLimitExceeded(100))
        // A custom limit.
        let small = try Node.chain(5).serializedBytes()
        #expect(wireError { _ = try withReader(small, depthLimit: 3) { try Node(from: &$0) } } == .depthLimitExceeded(3))
        #expect(try withReader(small, depthLimit: 4) { try Node(from: &$0) } == Node.chain(5))
        // Hand-made deep input: 100,000 nested fields 2 must not overflow the stack. Built back to
        // front: each level prepends its tag and the length of everything inside it.
        var reversed: [UInt8] = []
        for _ in 0..<100_000 {
            reversed.append(contentsOf: lengthPrefix(reversed.count).reversed())
            reversed.append(0x12)
        }
        let bytes = Array(reversed.reversed())
        #expect(bytes.count > 300_000)
        #expect(wireError { _ = try Node(serializedBytes: bytes) } == .depthLimitExceeded(100))
    }

    private func lengthPrefix(_ n: Int) -> [UInt8] {
        encodeField { $0.writeVarint(UInt64(n)) }
    }

    @Test func invalidUTF8() {
        #expect(decodeError(hex("92 01 02 C3 28")) == .invalidUTF8(field: 18))
        #expect(decodeError(hex("92 01 02 C0 80")) == .invalidUTF8(field: 18))           // overlong
        #expect(decodeError(hex("92 01 03 ED A0 80")) == .invalidUTF8(field: 18))        // surrogate
        #expect(decodeError(hex("92 01 01 FF")) == .invalidUTF8(field: 18))
        #expect(decodeError(hex("92 01 03 E2 82")) == .lengthTooLarge(3, remaining: 2))
        #expect(decodeError(hex("C2 01 02 E2 82")) == .invalidUTF8(field: 24))           // repeated string
        #expect(decodeError(hex("E2 01 04 0A 02 C3 28")) == .invalidUTF8(field: 1))      // map key
        #expect(decodeError(hex("AA 02 04 0A 02 C3 28")) == .invalidUTF8(field: 1))      // VDLError.id
        // Valid multi-byte UTF-8 is accepted.
        #expect((try? EveryKind(serializedBytes: hex("92 01 04 F0 9F 8E 89")))?.text == "🎉")
    }

    @Test func outOfRangeIntegers() {
        #expect(decodeError(hex("10 AC 02")) == .valueOutOfRange("300 does not fit in uint8"))
        #expect(decodeError(hex("18 80 80 04")) == .valueOutOfRange("65536 does not fit in uint16"))
        #expect(decodeError(hex("20 80 80 80 80 10")) == .valueOutOfRange("4294967296 does not fit in uint32"))
        #expect(decodeError(hex("30 90 03")) == .valueOutOfRange("200 does not fit in int8"))     // zigzag 400
        #expect(decodeError(hex("30 81 02")) == .valueOutOfRange("-129 does not fit in int8"))    // zigzag 257
        #expect(decodeError(hex("38 80 80 04")) == .valueOutOfRange("32768 does not fit in int16"))
        #expect(decodeError(hex("40 80 80 80 80 10")) == .valueOutOfRange("2147483648 does not fit in int32"))
        // The extremes that do fit.
        #expect((try? EveryKind(serializedBytes: hex("10 FF 01")))?.byte == 255)
        #expect((try? EveryKind(serializedBytes: hex("30 FF 01")))?.i8 == -128)
        #expect((try? EveryKind(serializedBytes: hex("30 FE 01")))?.i8 == 127)
        #expect(WireError.valueOutOfRange("300 does not fit in uint8").description == "value out of range: 300 does not fit in uint8")
    }

    @Test func unknownEnumValue() {
        #expect(decodeError(hex("A0 01 07")) == .unknownEnumValue(type: "test.Color", value: 7))
        #expect(decodeError(hex("A0 01 FF FF FF FF FF FF FF FF FF 01")) == .unknownEnumValue(type: "test.Color", value: -1))
        #expect(decodeError(hex("D2 01 02 01 05")) == .unknownEnumValue(type: "test.Color", value: 5))  // set, packed
        #expect(decodeError(hex("A0 01 80 80 80 80 10")) == .unknownEnumValue(type: "test.Color", value: 1 << 32))
    }

    @Test func arrayLengthOnEncode() throws {
        var v = EveryKind()
        v.triple = [1, 2]
        #expect(wireError { _ = try v.serializedBytes() } == .arrayLength(type: "[3]Double", expected: 3, got: 2))
        v.triple = [0, 0, 0, 0]
        #expect(wireError { _ = try v.serializedBytes() } == .arrayLength(type: "[3]Double", expected: 3, got: 4))
        v.triple = [0, 0, 0]
        v.pointPair = []
        #expect(wireError { _ = try v.serializedBytes() } == .arrayLength(type: "[2]Point", expected: 2, got: 0))
    }

    @Test func arrayLengthOnDecode() throws {
        let twoDoubles = try encodeField { try $0.writeRepeated([1.0, 2.0], field: 31, as: DoubleCodec.self) }
        #expect(decodeError(twoDoubles) == .arrayLength(type: "[3]Double", expected: 3, got: 2))
        let fourDoubles = try encodeField { try $0.writeRepeated([1.0, 2.0, 3, 4], field: 31, as: DoubleCodec.self) }
        #expect(decodeError(fourDoubles) == .arrayLength(type: "[3]Double", expected: 3, got: 4))
        let onePoint = try encodeField { try $0.writeRepeated([Point(x: 1, y: 1)], field: 41, as: MessageCodec<Point>.self) }
        #expect(decodeError(onePoint) == .arrayLength(type: "[2]Point", expected: 2, got: 1))
        var values: [Int32] = [1]
        #expect(wireError { try ProtoReader.checkArray(&values, count: 0, as: ZigZagCodec<Int32>.self) }
                == .arrayLength(type: "[0]Int32", expected: 0, got: 1))
    }

    @Test func descriptionsAreReadable() {
        let all: [WireError] = [
            .truncated("varint"), .malformedVarint, .invalidFieldNumber(0), .invalidWireType(3),
            .wireTypeMismatch(field: 2, expected: .varint, got: .fixed32), .lengthTooLarge(9, remaining: 1),
            .depthLimitExceeded(100), .invalidUTF8(field: 4), .invalidUTF8(field: nil), .valueOutOfRange("x"),
            .unknownEnumValue(type: "a.B", value: 9), .arrayLength(type: "[3]Int32", expected: 3, got: 1),
            .anyTypeMismatch(expected: "int32", got: "string"),
        ]
        let descriptions = all.map(\.description)
        #expect(Set(descriptions).count == all.count)
        #expect(descriptions[4] == "field 2: expected wire type varint, got fixed32")
        #expect(descriptions[5] == "length 9 is larger than the 1 remaining bytes")
        #expect(descriptions[10].contains("a.B") && descriptions[10].contains("9"))
    }
}

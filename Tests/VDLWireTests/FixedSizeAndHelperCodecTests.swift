import Testing
import VDLWire

/// The codecs and helpers the generator uses for nested fixed-size arrays, `[N]byte`, nilable
/// errors, `any` constants and recursive fields.
@Suite struct FixedSizeAndHelperCodecTests {
    @Test func arrayCodecNestsFixedArrays() throws {
        typealias Row = ArrayCodec<3, ZigZagCodec<Int16>>
        let grid: [[Int16]] = [[1, 0, -1], [0, 0, 0]]
        let bytes = try encodeField { try $0.writeArray(grid, count: 2, field: 1, as: Row.self) }
        // Row 1 is a wrapper with a packed run; the all-zero row 2 is an empty wrapper.
        #expect(bytes == hex("0A 05 0A 03 02 00 01 0A 00"))
        let decoded = try withReader(bytes) { r -> [[Int16]] in
            var rows: [[Int16]] = []
            while let tag = try r.nextField() { try r.readArray(tag, as: Row.self, into: &rows) }
            try ProtoReader.checkArray(&rows, count: 2, as: Row.self)
            return rows
        }
        #expect(decoded == grid)
        #expect(wireError { _ = try encodeField { try $0.writePresent([1, 2], field: 1, as: Row.self) } }
                == .arrayLength(type: "[3]Int16", expected: 3, got: 2))
        #expect(wireError { _ = try decodeField1(hex("0A 04 0A 02 02 04"), as: Row.self) }
                == .arrayLength(type: "[3]Int16", expected: 3, got: 2))
    }

    @Test func fixedBytes() throws {
        typealias Hash = FixedBytesCodec<4>
        #expect(try encodeField { try $0.write([0, 0, 0, 0], field: 1, as: Hash.self) } == [])
        let bytes = try encodeField { try $0.write([1, 2, 3, 4], field: 1, as: Hash.self) }
        #expect(bytes == hex("0A 04 01 02 03 04"))
        #expect(try decodeField1(bytes, as: Hash.self) == [1, 2, 3, 4])
        #expect(try decodeField1([], as: Hash.self) == [0, 0, 0, 0])
        #expect(wireError { _ = try decodeField1(hex("0A 02 01 02"), as: Hash.self) }
                == .arrayLength(type: "[4]byte", expected: 4, got: 2))
        #expect(wireError { _ = try ProtoWriter.checkedByteArray([1], count: 2, type: "p.H") }
                == .arrayLength(type: "p.H", expected: 2, got: 1))
        #expect(try ProtoReader.checkedByteArray([], count: 2, type: "p.H") == [0, 0])
    }

    @Test func nilableErrors() throws {
        let errors: [VDLError?] = [VDLError(id: "a.B", message: "x"), nil]
        let bytes = try encodeField { try $0.writeRepeated(errors, field: 1, as: NilableErrorCodec.self) }
        #expect(bytes == hex("0A 08 0A 03 61 2E 42 1A 01 78 0A 00"))
        let decoded = try withReader(bytes) { r -> [VDLError?] in
            var values: [VDLError?] = []
            while let tag = try r.nextField() { try r.readRepeated(tag, as: NilableErrorCodec.self, into: &values) }
            return values
        }
        #expect(decoded == errors)
    }

    @Test func anyConstantsAndCodecDecoding() throws {
        let list = VDLAny.constant([Int32(1), -2], typeName: "[]int32", as: ListCodec<ZigZagCodec<Int32>>.self)
        #expect(list.typeName == "[]int32")
        #expect(try list.decode(typeName: "[]int32", as: ListCodec<ZigZagCodec<Int32>>.self) == [1, -2])
        #expect(wireError { _ = try list.decode(typeName: "[]int64", as: ListCodec<ZigZagCodec<Int64>>.self) }
                == .anyTypeMismatch(expected: "[]int64", got: "[]int32"))
        // The same bytes as the VDLValue path for a named type.
        #expect(VDLAny.constant(Point(x: 1, y: 2), typeName: Point.vdlTypeName, as: Point.WireCodec.self) == (try VDLAny(Point(x: 1, y: 2))))
        // A fixed-size array of the wrong length gives the type's zero value, not a crash.
        let bad = VDLAny.constant([Int16(1)], typeName: "[3]int16", as: ArrayCodec<3, ZigZagCodec<Int16>>.self)
        #expect(bad == VDLAny(typeName: "[3]int16", value: []))
    }

    @Test func boxedRecursiveField() throws {
        struct Tree: VDLMessage {
            var value: Int32 = 0
            @VDLBox var left: Tree? = nil
            static var vdlTypeName: String { "test.Tree" }
            init() {}
            func encode(to w: inout ProtoWriter) throws {
                try w.write(value, field: 1, as: ZigZagCodec<Int32>.self)
                try w.writeOptional(left, field: 2, as: MessageCodec<Tree>.self)
            }
            init(from r: inout ProtoReader) throws {
                self.init()
                while let tag = try r.nextField() {
                    switch tag.number {
                    case 1: value = try r.read(tag, as: ZigZagCodec<Int32>.self)
                    case 2: left = try r.read(tag, as: MessageCodec<Tree>.self)
                    default: try r.skip(tag)
                    }
                }
            }
        }
        var leaf = Tree()
        leaf.value = 2
        var root = Tree()
        root.value = 1
        root.left = leaf
        var copy = root
        copy.left?.value = 3
        #expect(root.left?.value == 2)   // value semantics through the box
        let bytes = try root.serializedBytes()
        #expect(bytes == hex("08 02 12 02 08 04"))
        #expect(try Tree(serializedBytes: bytes) == root)
    }
}

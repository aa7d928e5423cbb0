/// A VDL `[N]T` where proto3 cannot nest a repeated field (an element of a list, array, set or
/// map, or a union arm): the wrapper message `{ repeated C value = 1; }` holding exactly `count`
/// elements. An empty wrapper decodes to `count` zero values; any other length is an error.
public enum ArrayCodec<let count: Int, C: ProtoCodec>: ProtoCodec {
    public typealias Value = [C.Value]
    @inlinable public static var wireType: WireType { .lengthDelimited }
    @inlinable public static var isPackable: Bool { false }
    @inlinable public static var defaultValue: [C.Value] { Array(repeating: C.defaultValue, count: count) }
    @inlinable public static func isDefault(_ value: [C.Value]) -> Bool { value == defaultValue }

    @inlinable public static func write(_ value: [C.Value], to writer: inout ProtoWriter) throws {
        guard value.count == count else {
            throw WireError.arrayLength(type: "[\(count)]\(C.Value.self)", expected: count, got: value.count)
        }
        try ListCodec<C>.write(isDefault(value) ? [] : value, to: &writer)
    }

    @inlinable public static func read(from reader: inout ProtoReader) throws -> [C.Value] {
        var values = try ListCodec<C>.read(from: &reader)
        try ProtoReader.checkArray(&values, count: count, as: C.self)
        return values
    }
}

/// A VDL `[N]byte` where it is nested in another type: `bytes` of exactly `count` bytes (empty
/// decodes to `count` zeros).
public enum FixedBytesCodec<let count: Int>: ProtoCodec {
    public typealias Value = [UInt8]
    @inlinable public static var wireType: WireType { .lengthDelimited }
    @inlinable public static var isPackable: Bool { false }
    @inlinable public static var defaultValue: [UInt8] { [UInt8](repeating: 0, count: count) }
    @inlinable public static func isDefault(_ value: [UInt8]) -> Bool { value == defaultValue }

    @inlinable public static func write(_ value: [UInt8], to writer: inout ProtoWriter) throws {
        let checked = try ProtoWriter.checkedByteArray(value, count: count, type: "[\(count)]byte")
        try BytesCodec.write(isDefault(checked) ? [] : checked, to: &writer)
    }

    @inlinable public static func read(from reader: inout ProtoReader) throws -> [UInt8] {
        try ProtoReader.checkedByteArray(BytesCodec.read(from: &reader), count: count, type: "[\(count)]byte")
    }
}

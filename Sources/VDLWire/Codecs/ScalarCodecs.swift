// Codecs for the proto3 scalar kinds.

/// proto3 `bool`: a varint 0 or 1; any non-zero varint decodes as `true`.
public enum BoolCodec: ProtoCodec {
    /// A Swift `Bool`.
    public typealias Value = Bool
    /// `.varint`.
    @inlinable public static var wireType: WireType { .varint }
    /// Repeated bools are packed.
    @inlinable public static var isPackable: Bool { true }
    /// `false`.
    @inlinable public static var defaultValue: Bool { false }
    /// True for `false`.
    @inlinable public static func isDefault(_ value: Bool) -> Bool { !value }
    /// Writes 0 or 1.
    @inlinable public static func write(_ value: Bool, to writer: inout ProtoWriter) {
        writer.writeByte(value ? 1 : 0)
    }
    /// Reads a varint; non-zero is `true`.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Bool {
        try reader.readVarint() != 0
    }
}

/// proto3 `uint32` / `uint64` for the unsigned VDL integers (`byte`, `uint16`, `uint32`, `uint64`).
///
/// Decoding is range-checked: a value that does not fit `T` throws
/// ``WireError/valueOutOfRange(_:)`` ("300 does not fit in uint8"). `T` is at most 64 bits wide.
public enum VarintCodec<T: FixedWidthInteger & UnsignedInteger & Sendable>: ProtoCodec {
    /// The unsigned integer type.
    public typealias Value = T
    /// `.varint`.
    @inlinable public static var wireType: WireType { .varint }
    /// Repeated values are packed.
    @inlinable public static var isPackable: Bool { true }
    /// Zero.
    @inlinable public static var defaultValue: T { 0 }
    /// True for zero.
    @inlinable public static func isDefault(_ value: T) -> Bool { value == 0 }
    /// Writes the value as a varint.
    @inlinable public static func write(_ value: T, to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(truncatingIfNeeded: value))
    }
    /// Reads a varint and checks that it fits `T`.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> T {
        let raw = try reader.readVarint()
        guard let value = T(exactly: raw) else {
            throw outOfRange(String(raw), isSigned: false, bitWidth: T.bitWidth)
        }
        return value
    }
}

/// proto3 `int32` / `int64`: two's complement varints (a negative value takes 10 bytes).
///
/// Like libprotobuf, a 32-bit (or wider) `T` keeps the low bits of the decoded varint; a narrower
/// `T` is range-checked.
public enum SignedVarintCodec<T: FixedWidthInteger & SignedInteger & Sendable>: ProtoCodec {
    /// The signed integer type.
    public typealias Value = T
    /// `.varint`.
    @inlinable public static var wireType: WireType { .varint }
    /// Repeated values are packed.
    @inlinable public static var isPackable: Bool { true }
    /// Zero.
    @inlinable public static var defaultValue: T { 0 }
    /// True for zero.
    @inlinable public static func isDefault(_ value: T) -> Bool { value == 0 }
    /// Writes the value sign-extended to 64 bits.
    @inlinable public static func write(_ value: T, to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(bitPattern: Int64(truncatingIfNeeded: value)))
    }
    /// Reads a varint as a two's complement integer.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> T {
        let raw = Int64(bitPattern: try reader.readVarint())
        if T.bitWidth >= 32 { return T(truncatingIfNeeded: raw) }
        guard let value = T(exactly: raw) else {
            throw outOfRange(String(raw), isSigned: true, bitWidth: T.bitWidth)
        }
        return value
    }
}

/// proto3 `sint32` / `sint64`: zigzag varints, used for every signed VDL integer.
///
/// Decoding is range-checked against `T` ("-200 does not fit in int8").
public enum ZigZagCodec<T: FixedWidthInteger & SignedInteger & Sendable>: ProtoCodec {
    /// The signed integer type.
    public typealias Value = T
    /// `.varint`.
    @inlinable public static var wireType: WireType { .varint }
    /// Repeated values are packed.
    @inlinable public static var isPackable: Bool { true }
    /// Zero.
    @inlinable public static var defaultValue: T { 0 }
    /// True for zero.
    @inlinable public static func isDefault(_ value: T) -> Bool { value == 0 }
    /// Writes `(n << 1) ^ (n >> 63)` (equal to the 32-bit zigzag for values that fit 32 bits).
    @inlinable public static func write(_ value: T, to writer: inout ProtoWriter) {
        let n = Int64(truncatingIfNeeded: value)
        writer.writeVarint(UInt64(bitPattern: (n &<< 1) ^ (n &>> 63)))
    }
    /// Reads a zigzag varint and checks that it fits `T`.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> T {
        let raw = try reader.readVarint()
        let n = Int64(bitPattern: (raw &>> 1) ^ (0 &- (raw & 1)))
        guard let value = T(exactly: n) else {
            throw outOfRange(String(n), isSigned: true, bitWidth: T.bitWidth)
        }
        return value
    }
}

/// proto3 `fixed32`: four little-endian bytes.
public enum Fixed32Codec: ProtoCodec {
    /// A `UInt32`.
    public typealias Value = UInt32
    /// `.fixed32`.
    @inlinable public static var wireType: WireType { .fixed32 }
    /// Repeated values are packed.
    @inlinable public static var isPackable: Bool { true }
    /// Zero.
    @inlinable public static var defaultValue: UInt32 { 0 }
    /// True for zero.
    @inlinable public static func isDefault(_ value: UInt32) -> Bool { value == 0 }
    /// Writes four bytes.
    @inlinable public static func write(_ value: UInt32, to writer: inout ProtoWriter) { writer.writeFixed32(value) }
    /// Reads four bytes.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> UInt32 { try reader.readFixed32() }
}

/// proto3 `fixed64`: eight little-endian bytes.
public enum Fixed64Codec: ProtoCodec {
    /// A `UInt64`.
    public typealias Value = UInt64
    /// `.fixed64`.
    @inlinable public static var wireType: WireType { .fixed64 }
    /// Repeated values are packed.
    @inlinable public static var isPackable: Bool { true }
    /// Zero.
    @inlinable public static var defaultValue: UInt64 { 0 }
    /// True for zero.
    @inlinable public static func isDefault(_ value: UInt64) -> Bool { value == 0 }
    /// Writes eight bytes.
    @inlinable public static func write(_ value: UInt64, to writer: inout ProtoWriter) { writer.writeFixed64(value) }
    /// Reads eight bytes.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> UInt64 { try reader.readFixed64() }
}

/// proto3 `sfixed32`: a two's complement `Int32` in four little-endian bytes.
public enum SFixed32Codec: ProtoCodec {
    /// An `Int32`.
    public typealias Value = Int32
    /// `.fixed32`.
    @inlinable public static var wireType: WireType { .fixed32 }
    /// Repeated values are packed.
    @inlinable public static var isPackable: Bool { true }
    /// Zero.
    @inlinable public static var defaultValue: Int32 { 0 }
    /// True for zero.
    @inlinable public static func isDefault(_ value: Int32) -> Bool { value == 0 }
    /// Writes four bytes.
    @inlinable public static func write(_ value: Int32, to writer: inout ProtoWriter) {
        writer.writeFixed32(UInt32(bitPattern: value))
    }
    /// Reads four bytes.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Int32 {
        Int32(bitPattern: try reader.readFixed32())
    }
}

/// proto3 `sfixed64`: a two's complement `Int64` in eight little-endian bytes.
public enum SFixed64Codec: ProtoCodec {
    /// An `Int64`.
    public typealias Value = Int64
    /// `.fixed64`.
    @inlinable public static var wireType: WireType { .fixed64 }
    /// Repeated values are packed.
    @inlinable public static var isPackable: Bool { true }
    /// Zero.
    @inlinable public static var defaultValue: Int64 { 0 }
    /// True for zero.
    @inlinable public static func isDefault(_ value: Int64) -> Bool { value == 0 }
    /// Writes eight bytes.
    @inlinable public static func write(_ value: Int64, to writer: inout ProtoWriter) {
        writer.writeFixed64(UInt64(bitPattern: value))
    }
    /// Reads eight bytes.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Int64 {
        Int64(bitPattern: try reader.readFixed64())
    }
}

/// proto3 `float`: the IEEE 754 bit pattern in four little-endian bytes.
///
/// Only +0.0 is the default; -0.0 and NaNs are written with their exact bits.
public enum FloatCodec: ProtoCodec {
    /// A `Float` (VDL `float32`).
    public typealias Value = Float
    /// `.fixed32`.
    @inlinable public static var wireType: WireType { .fixed32 }
    /// Repeated values are packed.
    @inlinable public static var isPackable: Bool { true }
    /// +0.0.
    @inlinable public static var defaultValue: Float { 0 }
    /// True only for the bit pattern of +0.0.
    @inlinable public static func isDefault(_ value: Float) -> Bool { value.bitPattern == 0 }
    /// Writes the bit pattern.
    @inlinable public static func write(_ value: Float, to writer: inout ProtoWriter) {
        writer.writeFixed32(value.bitPattern)
    }
    /// Reads the bit pattern.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Float {
        Float(bitPattern: try reader.readFixed32())
    }
}

/// proto3 `double`: the IEEE 754 bit pattern in eight little-endian bytes.
///
/// Only +0.0 is the default; -0.0 and NaNs are written with their exact bits.
public enum DoubleCodec: ProtoCodec {
    /// A `Double` (VDL `float64`).
    public typealias Value = Double
    /// `.fixed64`.
    @inlinable public static var wireType: WireType { .fixed64 }
    /// Repeated values are packed.
    @inlinable public static var isPackable: Bool { true }
    /// +0.0.
    @inlinable public static var defaultValue: Double { 0 }
    /// True only for the bit pattern of +0.0.
    @inlinable public static func isDefault(_ value: Double) -> Bool { value.bitPattern == 0 }
    /// Writes the bit pattern.
    @inlinable public static func write(_ value: Double, to writer: inout ProtoWriter) {
        writer.writeFixed64(value.bitPattern)
    }
    /// Reads the bit pattern.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Double {
        Double(bitPattern: try reader.readFixed64())
    }
}

/// proto3 `string`: a length-prefixed UTF-8 byte string; invalid UTF-8 is a decoding error.
public enum StringCodec: ProtoCodec {
    /// A Swift `String`.
    public typealias Value = String
    /// `.lengthDelimited`.
    @inlinable public static var wireType: WireType { .lengthDelimited }
    /// Strings are never packed.
    @inlinable public static var isPackable: Bool { false }
    /// The empty string.
    @inlinable public static var defaultValue: String { "" }
    /// True for the empty string.
    @inlinable public static func isDefault(_ value: String) -> Bool { value.isEmpty }
    /// Writes the UTF-8 length and bytes.
    @inlinable public static func write(_ value: String, to writer: inout ProtoWriter) {
        let utf8 = value.utf8
        let done: Void? = utf8.withContiguousStorageIfAvailable { bytes in
            writer.writeVarint(UInt64(bytes.count))
            writer.appendRaw(UnsafeRawBufferPointer(bytes))
        }
        if done == nil {
            writer.writeVarint(UInt64(utf8.count))
            writer.writeRawBytes(utf8)
        }
    }
    /// Reads the bytes and validates them as UTF-8.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> String {
        guard let string = decodeUTF8(try reader.readLengthDelimitedBytes()) else {
            throw WireError.invalidUTF8(field: nil)
        }
        return string
    }
}

/// proto3 `bytes`: a length-prefixed byte string (VDL `[]byte`).
public enum BytesCodec: ProtoCodec {
    /// The bytes.
    public typealias Value = [UInt8]
    /// `.lengthDelimited`.
    @inlinable public static var wireType: WireType { .lengthDelimited }
    /// Byte strings are never packed.
    @inlinable public static var isPackable: Bool { false }
    /// No bytes.
    @inlinable public static var defaultValue: [UInt8] { [] }
    /// True when empty.
    @inlinable public static func isDefault(_ value: [UInt8]) -> Bool { value.isEmpty }
    /// Writes the length and bytes.
    @inlinable public static func write(_ value: [UInt8], to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(value.count))
        value.withUnsafeBytes { writer.appendRaw($0) }
    }
    /// Reads the length and copies the bytes.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> [UInt8] {
        [UInt8](try reader.readLengthDelimitedBytes())
    }
}

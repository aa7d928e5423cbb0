// Codecs for the types the generator names: enums, structs/unions and newtypes.

/// proto3 `enum`: the case's raw value as a varint. Decoding a number with no case throws
/// ``WireError/unknownEnumValue(type:value:)`` naming the VDL enum.
public enum EnumCodec<E: ProtoEnum>: ProtoCodec {
    /// The enum.
    public typealias Value = E
    /// `.varint`.
    @inlinable public static var wireType: WireType { .varint }
    /// Repeated enums are packed.
    @inlinable public static var isPackable: Bool { true }
    /// The case with raw value 0 (the first label).
    @inlinable public static var defaultValue: E {
        guard let zero = E(rawValue: 0) else {
            preconditionFailure("VDL enum \(E.vdlTypeName) has no case with raw value 0")
        }
        return zero
    }
    /// True for the case with raw value 0.
    @inlinable public static func isDefault(_ value: E) -> Bool { value.rawValue == 0 }
    /// Writes the raw value (sign-extended, like proto's int32 enums).
    @inlinable public static func write(_ value: E, to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(bitPattern: Int64(value.rawValue)))
    }
    /// Reads a varint and maps it to a case.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> E {
        let raw = Int64(bitPattern: try reader.readVarint())
        if let number = Int32(exactly: raw), let value = E(rawValue: number) { return value }
        throw WireError.unknownEnumValue(type: E.vdlTypeName, value: raw)
    }
}

/// proto3 message: a length-delimited body written by ``ProtoMessage/encode(to:)``.
///
/// The zero value (``ProtoMessage/isZeroValue``) is the default and is omitted by
/// ``ProtoWriter/write(_:field:as:)``. A message field that occurs twice is decoded twice and the
/// last occurrence replaces the first (last-one-wins, not proto's merge).
public enum MessageCodec<M: ProtoMessage>: ProtoCodec {
    /// The message type.
    public typealias Value = M
    /// `.lengthDelimited`.
    @inlinable public static var wireType: WireType { .lengthDelimited }
    /// Messages are never packed.
    @inlinable public static var isPackable: Bool { false }
    /// `M()`.
    @inlinable public static var defaultValue: M { M() }
    /// `value.isZeroValue`.
    @inlinable public static func isDefault(_ value: M) -> Bool { value.isZeroValue }
    /// Writes the length-prefixed body.
    @inlinable public static func write(_ value: M, to writer: inout ProtoWriter) throws {
        try writer.writeLengthDelimited { try value.encode(to: &$0) }
    }
    /// Reads the body one nesting level deeper.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> M {
        try reader.readNested { try M(from: &$0) }
    }
}

/// A named scalar (`type Tag string`): encoded exactly like its underlying codec `C`.
public enum NewtypeCodec<W: ProtoNewtype, C: ProtoCodec>: ProtoCodec where C.Value == W.RawValue {
    /// The newtype.
    public typealias Value = W
    /// `C.wireType`.
    @inlinable public static var wireType: WireType { C.wireType }
    /// `C.isPackable`.
    @inlinable public static var isPackable: Bool { C.isPackable }
    /// The wrapped `C.defaultValue`.
    @inlinable public static var defaultValue: W { W(rawValue: C.defaultValue) }
    /// `C.isDefault` of the wrapped value.
    @inlinable public static func isDefault(_ value: W) -> Bool { C.isDefault(value.rawValue) }
    /// Writes the wrapped value with `C`.
    @inlinable public static func write(_ value: W, to writer: inout ProtoWriter) throws {
        try C.write(value.rawValue, to: &writer)
    }
    /// Reads a value with `C` and wraps it.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> W {
        W(rawValue: try C.read(from: &reader))
    }
}

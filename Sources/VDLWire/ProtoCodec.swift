/// How one proto3 field kind is written and read.
///
/// Codecs are caseless enums with only static members; generated code names them at the call
/// site (`writer.write(x, field: 1, as: ZigZagCodec<Int32>.self)`) so that every call
/// specializes to straight-line code without reflection.
public protocol ProtoCodec {
    /// The Swift type of one value of this kind.
    associatedtype Value: Hashable & Sendable
    /// The wire type of one value's payload.
    static var wireType: WireType { get }
    /// True for varint / fixed32 / fixed64 kinds: repeated fields of them are packed.
    static var isPackable: Bool { get }
    /// The proto3 default (zero) value, which singular fields omit.
    static var defaultValue: Value { get }
    /// True when `value` is the default and a singular field holding it is omitted.
    static func isDefault(_ value: Value) -> Bool
    /// Writes the payload of one value (for length-delimited kinds: length prefix + bytes).
    static func write(_ value: Value, to writer: inout ProtoWriter) throws
    /// Reads the payload of one value of `wireType`.
    static func read(from reader: inout ProtoReader) throws -> Value
}

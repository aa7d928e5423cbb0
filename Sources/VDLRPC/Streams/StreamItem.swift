import VDLWire

/// The encoding of one stream value: the message `{ T value = 1; }`, as the generated `.proto`'s
/// `<Interface><Method>ClientStream` / `ServerStream` messages declare.
public enum StreamItem {
    @inlinable
    public static func encode<C: ProtoCodec>(_ value: C.Value, as codec: C.Type) throws -> [UInt8] {
        var writer = ProtoWriter(reservingCapacity: 64)
        try writer.writePresent(value, field: 1, as: C.self)
        return writer.bytes
    }

    @inlinable
    public static func decode<C: ProtoCodec>(_ bytes: [UInt8], as codec: C.Type) throws -> C.Value {
        try bytes.withUnsafeBytes { raw in
            var reader = ProtoReader(raw)
            var value = C.defaultValue
            while let tag = try reader.nextField() {
                if tag.number == 1 { value = try reader.read(tag, as: C.self) } else { try reader.skip(tag) }
            }
            return value
        }
    }
}

/// The element type of a stream direction a method does not use; code outside this module
/// cannot make one, so nothing can be sent that way.
public struct NoStreamValue: Hashable, Sendable {
    fileprivate init() {}
}

/// The codec of a stream direction a method does not use: any value received is a protocol error.
public enum NoStreamCodec: ProtoCodec {
    public typealias Value = NoStreamValue
    public static var wireType: WireType { .lengthDelimited }
    public static var isPackable: Bool { false }
    public static var defaultValue: NoStreamValue { NoStreamValue() }
    public static func isDefault(_ value: NoStreamValue) -> Bool { true }
    public static func write(_ value: NoStreamValue, to writer: inout ProtoWriter) throws {}
    public static func read(from reader: inout ProtoReader) throws -> NoStreamValue {
        throw WireError.valueOutOfRange("a stream value arrived in a direction this method does not stream")
    }
}

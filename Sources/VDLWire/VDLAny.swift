/// VDL `any`: proto `vdl.Any { string type = 1; bytes value = 2; }` where `value` is the
/// encoding of the wrapper message `{ T value = 1; }` (the default `T` is omitted, so it is empty).
///
/// The zero `any` (nil in VDL) has an empty ``typeName``.
public struct VDLAny: VDLMessage {
    /// The VDL type name of the held value (``VDLValue/vdlTypeName``); empty for nil.
    public var typeName: String
    /// The encoding of `{ T value = 1; }`.
    public var value: [UInt8]

    /// The VDL name of this type: "any".
    @inlinable public static var vdlTypeName: String { "any" }

    /// The nil `any`.
    @inlinable
    public init() {
        typeName = ""
        value = []
    }

    /// An `any` from its parts, e.g. as received from a peer.
    @inlinable
    public init(typeName: String, value: [UInt8]) {
        self.typeName = typeName
        self.value = value
    }

    /// Wraps `v`, encoding it with its ``VDLValue/WireCodec``.
    @inlinable
    public init<T: VDLValue>(_ v: T) throws {
        var writer = ProtoWriter(reservingCapacity: 64)
        try writer.write(v, field: 1, as: T.WireCodec.self)
        self.init(typeName: T.vdlTypeName, value: writer.bytes)
    }

    /// Decodes the held value as `T`.
    ///
    /// Throws ``WireError/anyTypeMismatch(expected:got:)`` when ``typeName`` is not
    /// `T.vdlTypeName`, and any decoding error of the value.
    @inlinable
    public func decode<T: VDLValue>(as type: T.Type) throws -> T {
        guard typeName == T.vdlTypeName else {
            throw WireError.anyTypeMismatch(expected: T.vdlTypeName, got: typeName)
        }
        return try value.withUnsafeBytes { raw in
            var reader = ProtoReader(raw)
            var result = T.WireCodec.defaultValue
            while let tag = try reader.nextField() {
                if tag.number == 1 {
                    result = try reader.read(tag, as: T.WireCodec.self)
                } else {
                    try reader.skip(tag)
                }
            }
            return result
        }
    }

    /// Writes `type` (field 1) and `value` (field 2).
    @inlinable
    public func encode(to writer: inout ProtoWriter) throws {
        try writer.write(typeName, field: 1, as: StringCodec.self)
        try writer.write(value, field: 2, as: BytesCodec.self)
    }

    /// Reads `type` and `value`, skipping unknown fields.
    @inlinable
    public init(from reader: inout ProtoReader) throws {
        self.init()
        while let tag = try reader.nextField() {
            switch tag.number {
            case 1: typeName = try reader.read(tag, as: StringCodec.self)
            case 2: value = try reader.read(tag, as: BytesCodec.self)
            default: try reader.skip(tag)
            }
        }
    }

    /// True for the nil `any`.
    @inlinable
    public var isZeroValue: Bool { typeName.isEmpty && value.isEmpty }
}

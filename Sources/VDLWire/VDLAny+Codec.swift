extension VDLAny {
    /// Wraps a value of any VDL type, given its codec and VDL type name (for lists, maps and other
    /// types that are not `VDLValue`s).
    @inlinable
    public init<C: ProtoCodec>(encoding value: C.Value, typeName: String, as codec: C.Type) throws {
        var writer = ProtoWriter(reservingCapacity: 64)
        try writer.write(value, field: 1, as: C.self)
        self.init(typeName: typeName, value: writer.bytes)
    }

    /// Like ``init(encoding:typeName:as:)`` for values known to be encodable: generated constants,
    /// method tags and error parameters. Only a fixed-size array of the wrong length fails to encode;
    /// that yields an `any` holding the type with the zero value, never a crash.
    @inlinable
    public static func constant<C: ProtoCodec>(_ value: C.Value, typeName: String, as codec: C.Type) -> VDLAny {
        (try? VDLAny(encoding: value, typeName: typeName, as: C.self)) ?? VDLAny(typeName: typeName, value: [])
    }

    /// Decodes the held value with a codec, checking the VDL type name.
    @inlinable
    public func decode<C: ProtoCodec>(typeName expected: String, as codec: C.Type) throws -> C.Value {
        guard typeName == expected else {
            throw WireError.anyTypeMismatch(expected: expected, got: typeName)
        }
        return try value.withUnsafeBytes { raw in
            var reader = ProtoReader(raw)
            var result = C.defaultValue
            while let tag = try reader.nextField() {
                if tag.number == 1 {
                    result = try reader.read(tag, as: C.self)
                } else {
                    try reader.skip(tag)
                }
            }
            return result
        }
    }
}

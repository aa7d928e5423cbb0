/// The wire half of ``VDLMessage``: a value encoded as a proto3 message body.
///
/// ``MessageCodec`` is generic over this protocol rather than over ``VDLMessage`` because
/// `VDLMessage` itself names `MessageCodec<Self>` as its codec, and Swift rejects a generic type
/// whose constraint refers back to it. Generated code conforms to ``VDLMessage`` and gets this
/// protocol with it.
public protocol ProtoMessage: Hashable, Sendable {
    /// The zero value (all fields zero; a union's first arm with its zero value).
    init()
    /// Writes every non-default field (a union writes its active arm, even if that arm's value is zero).
    func encode(to writer: inout ProtoWriter) throws
    /// Reads fields until the reader is at its end; unknown fields are skipped.
    init(from reader: inout ProtoReader) throws
    /// True when the value equals `init()`: used to omit a message-typed field.
    var isZeroValue: Bool { get }
}

extension ProtoMessage {
    /// The default: `self == Self()`. Generated code may override it with a cheaper check.
    @inlinable
    public var isZeroValue: Bool { self == Self() }

    /// The proto3 encoding of this message (canonical: equal values give identical bytes).
    @inlinable
    public func serializedBytes() throws -> [UInt8] {
        var writer = ProtoWriter()
        try encode(to: &writer)
        return writer.bytes
    }

    /// Decodes a message from its proto3 encoding, using the bytes in place when they are
    /// contiguous and copying them once otherwise.
    @inlinable
    public init(serializedBytes bytes: some Collection<UInt8>) throws {
        if let decoded = try bytes.withContiguousStorageIfAvailable({ buffer in
            try Self(serializedBytes: UnsafeRawBufferPointer(buffer))
        }) {
            self = decoded
            return
        }
        let copy = Array(bytes)
        self = try copy.withUnsafeBytes { try Self(serializedBytes: $0) }
    }

    /// Decodes a message from its proto3 encoding with the default depth limit.
    @inlinable
    public init(serializedBytes buffer: UnsafeRawBufferPointer) throws {
        var reader = ProtoReader(buffer)
        try self.init(from: &reader)
    }
}

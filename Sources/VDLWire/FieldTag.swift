/// The key that precedes every field on the wire: a field number and a wire type.
public struct FieldTag: Hashable, Sendable {
    /// The proto field number, in `1...(1 << 29) - 1`.
    public let number: Int
    /// How the field's payload is encoded.
    public let wireType: WireType

    /// Creates a tag from its parts.
    @inlinable
    public init(number: Int, wireType: WireType) {
        self.number = number
        self.wireType = wireType
    }
}

/// The wire half of ``VDLNewtype``: a struct wrapping one underlying value.
///
/// ``NewtypeCodec`` is generic over this protocol rather than over ``VDLNewtype`` because
/// `VDLNewtype` names `NewtypeCodec<Self, UnderlyingCodec>` as its codec, and Swift rejects a
/// generic type whose constraint refers back to it.
public protocol ProtoNewtype: RawRepresentable, Hashable, Sendable {
    /// Wraps a value; every underlying value is valid, so this cannot fail.
    init(rawValue: RawValue)
}

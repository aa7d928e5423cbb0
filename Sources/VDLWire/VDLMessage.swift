/// Structs and unions: encoded as proto3 messages.
///
/// A struct writes each non-default field with ``ProtoWriter/write(_:field:as:)``; a union
/// (a Swift enum with one case per arm) writes its active arm with
/// ``ProtoWriter/writePresent(_:field:as:)``, so the arm survives even when its value is zero.
/// The requirements (`init()`, `encode(to:)`, `init(from:)`, `isZeroValue`) and the helpers
/// `serializedBytes()` / `init(serializedBytes:)` come from ``ProtoMessage``.
public protocol VDLMessage: VDLValue, ProtoMessage where WireCodec == MessageCodec<Self> {}

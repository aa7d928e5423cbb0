/// The wire half of ``VDLEnum``: an enum with `Int32` raw values encoded as a proto3 enum.
///
/// ``EnumCodec`` is generic over this protocol rather than over ``VDLEnum`` because `VDLEnum`
/// names `EnumCodec<Self>` as its codec, and Swift rejects a generic type whose constraint refers
/// back to it. Generated enums conform to ``VDLEnum`` and get this protocol with it.
public protocol ProtoEnum: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == Int32 {
    /// "<package path>.<Name>": names the enum in ``WireError/unknownEnumValue(type:value:)``.
    static var vdlTypeName: String { get }
}

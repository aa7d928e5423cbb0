/// VDL enums: Swift enums with `Int32` raw values `0..<n` in declaration order.
///
/// The first case (raw value 0) is the zero value. A conforming enum only has to provide
/// ``vdlLabel`` and ``VDLValue/vdlTypeName``; its ``VDLValue/WireCodec`` is ``EnumCodec``.
public protocol VDLEnum: VDLValue, ProtoEnum where WireCodec == EnumCodec<Self> {
    /// The VDL label ("Red").
    var vdlLabel: String { get }
}

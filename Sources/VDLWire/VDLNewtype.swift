/// Named scalar types (`type Tag string`): a struct wrapping the underlying value.
///
/// The value is encoded exactly like its underlying type, through ``NewtypeCodec``. The
/// non-failable `init(rawValue:)` requirement comes from ``ProtoNewtype``.
public protocol VDLNewtype: VDLValue, ProtoNewtype where WireCodec == NewtypeCodec<Self, UnderlyingCodec> {
    /// The codec of the wrapped value, e.g. ``StringCodec`` for `type Tag string`.
    associatedtype UnderlyingCodec: ProtoCodec where UnderlyingCodec.Value == RawValue
}

/// Every VDL-named type the generator emits conforms to this.
///
/// The built-in scalars (`Bool`, the fixed-width integers, `Float`, `Double`, `String`) conform
/// too, so they can be stored in a ``VDLAny``.
public protocol VDLValue: Hashable, Sendable {
    /// The codec that encodes one value of this type as a proto3 field.
    associatedtype WireCodec: ProtoCodec where WireCodec.Value == Self
    /// "<package path>.<Name>", e.g. "examples/fortune.Point"; built-ins use their VDL name ("string").
    static var vdlTypeName: String { get }
}

/// VDL `typeobject`: the canonical VDL spelling of a type ("[]int32", "examples/fortune.Point");
/// proto `string`.
public struct VDLTypeObject: VDLNewtype, ExpressibleByStringLiteral, CustomStringConvertible {
    /// Encoded as a proto `string`.
    public typealias UnderlyingCodec = StringCodec

    /// The type's VDL spelling.
    public var rawValue: String

    /// The VDL name of this type: "typeobject".
    @inlinable public static var vdlTypeName: String { "typeobject" }

    /// Wraps a VDL type spelling.
    @inlinable
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps a VDL type spelling written as a literal.
    @inlinable
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The type object of a VDL value type: its ``VDLValue/vdlTypeName``.
    @inlinable
    public init<T: VDLValue>(of type: T.Type) { self.rawValue = T.vdlTypeName }

    /// The type's VDL spelling.
    public var description: String { rawValue }
}

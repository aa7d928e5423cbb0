/// A named type after checking.
public struct TypeDefinition: Sendable {
    public enum Kind: Sendable {
        case structure([FieldDefinition])
        case union([FieldDefinition])
        case enumeration([EnumLabelDefinition])
        /// A named scalar, list, array, set, map or optional: `type Tag string`.
        case defined(VDLType)
    }

    public let name: QualifiedName
    public let doc: String
    public let location: SourceLocation
    public var kind: Kind
    /// Numbers declared `reserved` in a struct or union.
    public var reservedNumbers: [Int] = []
}

/// A struct field, a union arm, or a method argument.
public struct FieldDefinition: Sendable {
    public let name: String
    public let doc: String
    public let type: VDLType
    /// The proto3 field number.
    public let number: Int
    public let location: SourceLocation
    /// True for an optional field that (indirectly) contains its own struct, so it needs a box in Swift.
    public var isRecursive = false
}

public struct EnumLabelDefinition: Sendable {
    public let name: String
    public let doc: String
    public let location: SourceLocation
}

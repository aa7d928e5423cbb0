/// The syntax tree of one `.vdl` file, exactly as written (names unresolved).
public struct FileSyntax: Sendable {
    public var path: String
    public var packageName: Identifier
    public var packageDoc: String
    public var imports: [ImportSyntax] = []
    public var types: [TypeDeclSyntax] = []
    public var consts: [ConstDeclSyntax] = []
    public var errors: [ErrorDeclSyntax] = []
    public var interfaces: [InterfaceDeclSyntax] = []
}

/// A name and where it was written.
public struct Identifier: Sendable, Hashable {
    public var name: String
    public var location: SourceLocation
    public init(_ name: String, at location: SourceLocation) {
        self.name = name
        self.location = location
    }
}

public struct ImportSyntax: Sendable {
    /// The path relative to the IDL root (`security/access`).
    public var path: String
    /// The local name; nil means the imported package's own name.
    public var alias: Identifier?
    public var location: SourceLocation
}

public struct TypeDeclSyntax: Sendable {
    public var name: Identifier
    public var doc: String
    public var type: TypeSyntax
}

/// A type as written: a name, a composite, or a definition body.
public indirect enum TypeSyntax: Sendable {
    /// `int32`, `Point`, `access.Tag`.
    case named(qualifier: Identifier?, name: Identifier)
    case list(element: TypeSyntax, location: SourceLocation)
    case array(length: ExprSyntax, element: TypeSyntax, location: SourceLocation)
    case set(key: TypeSyntax, location: SourceLocation)
    case map(key: TypeSyntax, value: TypeSyntax, location: SourceLocation)
    case optional(TypeSyntax, location: SourceLocation)
    case structure(StructBodySyntax, location: SourceLocation)
    case union(StructBodySyntax, location: SourceLocation)
    case enumeration([EnumLabelSyntax], location: SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .named(let qualifier, let name): return qualifier?.location ?? name.location
        case .list(_, let l), .array(_, _, let l), .set(_, let l), .map(_, _, let l), .optional(_, let l),
             .structure(_, let l), .union(_, let l), .enumeration(_, let l):
            return l
        }
    }
}

/// The fields of a struct or the arms of a union, plus `reserved` numbers.
public struct StructBodySyntax: Sendable {
    public var fields: [FieldSyntax] = []
    public var reserved: [ReservedSyntax] = []
}

public struct FieldSyntax: Sendable {
    public var name: Identifier
    public var doc: String
    public var type: TypeSyntax
    /// An explicitly pinned wire number (`Name string = 7`).
    public var number: ExprSyntax?
}

/// `reserved 4, 9` inside a struct or union: numbers that must not be reused.
public struct ReservedSyntax: Sendable {
    public var numbers: [ExprSyntax]
    public var location: SourceLocation
}

public struct EnumLabelSyntax: Sendable {
    public var name: Identifier
    public var doc: String
}

public struct ConstDeclSyntax: Sendable {
    public var name: Identifier
    public var doc: String
    public var value: ExprSyntax
}

public struct ErrorDeclSyntax: Sendable {
    public var name: Identifier
    public var doc: String
    public var parameters: [FieldSyntax]
    /// `NoRetry`, `RetryConnection`, `RetryRefetch` or `RetryBackoff`; nil means NoRetry.
    public var retryAction: Identifier?
    /// Language tag and message template, in order (`"en": "no fortune {name}"`).
    public var messages: [(language: String, template: String, location: SourceLocation)]
}

public struct InterfaceDeclSyntax: Sendable {
    public var name: Identifier
    public var doc: String
    public var embeds: [EmbedSyntax] = []
    public var methods: [MethodSyntax] = []
}

public struct EmbedSyntax: Sendable {
    public var qualifier: Identifier?
    public var name: Identifier
    public var doc: String
}

public struct MethodSyntax: Sendable {
    public var name: Identifier
    public var doc: String
    public var inArgs: [FieldSyntax]
    /// `stream<In, Out>`; `_` or absent means no stream in that direction.
    public var inStream: TypeSyntax?
    public var outStream: TypeSyntax?
    public var outArgs: [FieldSyntax]
    public var tags: [ExprSyntax]
}

/// A constant expression as written.
public indirect enum ExprSyntax: Sendable {
    case integer(String, SourceLocation)
    case float(String, SourceLocation)
    case string(String, SourceLocation)
    /// `Name` or `pkg.Name` or `Enum.Label` or `pkg.Enum.Label`: resolved by the checker.
    case name([Identifier])
    case unary(Punctuation, ExprSyntax, SourceLocation)
    case binary(Punctuation, ExprSyntax, ExprSyntax, SourceLocation)
    /// `T(x)` where `T` is a type; `typeobject(T)`.
    case conversion(TypeSyntax, ExprSyntax, SourceLocation)
    case typeObject(TypeSyntax, SourceLocation)
    /// `T{...}`; `type` is nil for an element literal whose type comes from its context (`[]Point{{1, 2}}`).
    case composite(type: TypeSyntax?, elements: [CompositeElementSyntax], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .integer(_, let l), .float(_, let l), .string(_, let l), .unary(_, _, let l), .binary(_, _, _, let l),
             .conversion(_, _, let l), .typeObject(_, let l), .composite(_, _, let l):
            return l
        case .name(let parts): return parts[0].location
        }
    }
}

public struct CompositeElementSyntax: Sendable {
    public var key: ExprSyntax?
    public var value: ExprSyntax
}

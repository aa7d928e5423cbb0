/// A checked error definition.
public struct ErrorDefinition: Sendable {
    public enum RetryAction: String, Sendable, CaseIterable {
        case noRetry = "NoRetry", retryConnection = "RetryConnection", retryRefetch = "RetryRefetch", retryBackoff = "RetryBackoff"
    }

    public let name: QualifiedName
    public let doc: String
    public let location: SourceLocation
    public let parameters: [FieldDefinition]
    public let retryAction: RetryAction
    /// (language, template) in declaration order; templates name parameters as `{param}`.
    public let messages: [(language: String, template: String)]

    /// The ID carried on the wire: `<package path>.<Name>`.
    public var id: String { name.description }
}

/// A checked constant declaration.
public struct ConstDefinition: Sendable {
    public let name: QualifiedName
    public let doc: String
    public let location: SourceLocation
    public let constant: Constant
}

/// A checked method, with the interface that declares it.
public struct MethodDefinition: Sendable {
    public let name: String
    public let doc: String
    public let location: SourceLocation
    public let interface: QualifiedName
    public let inArgs: [FieldDefinition]
    public let outArgs: [FieldDefinition]
    public let inStream: VDLType?
    public let outStream: VDLType?
    /// Typed tag values.
    public let tags: [Constant]
}

/// A checked interface.
public struct InterfaceDefinition: Sendable {
    public let name: QualifiedName
    public let doc: String
    public let location: SourceLocation
    public let embeds: [QualifiedName]
    /// Declared in this interface, in order.
    public let methods: [MethodDefinition]
    /// Own methods, then those of embedded interfaces (depth first), each once.
    public let allMethods: [MethodDefinition]
}

/// The result of checking: every definition of every loaded package.
public struct CheckedModule: Sendable {
    public struct Package: Sendable {
        public let path: String
        public let name: String
        public let doc: String
        public let files: [String]
        /// Paths of the packages the files import.
        public let imports: [String]
        public var types: [QualifiedName] = []
        public var consts: [QualifiedName] = []
        public var errors: [QualifiedName] = []
        public var interfaces: [QualifiedName] = []
    }

    public var packages: [Package]
    public var types: [QualifiedName: TypeDefinition]
    public var consts: [QualifiedName: ConstDefinition]
    public var errors: [QualifiedName: ErrorDefinition]
    public var interfaces: [QualifiedName: InterfaceDefinition]
}

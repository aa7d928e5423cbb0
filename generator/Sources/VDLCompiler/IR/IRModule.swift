/// The lowered program the emitters work from: checked definitions grouped per package, in
/// declaration order, with one table to look up any named type.
public struct IRModule: Sendable {
    public let packages: [IRPackage]
    public let types: [QualifiedName: TypeDefinition]

    /// Follows defined types (`type Ids []string`) to their structure; structs, unions and enums stay named.
    public func underlying(_ type: VDLType) -> VDLType {
        var current = type
        var steps = 0
        while case .named(let name) = current, let def = types[name], case .defined(let inner) = def.kind, steps < 100 {
            current = inner
            steps += 1
        }
        return current
    }

    /// The definition behind a named type.
    public func definition(_ type: VDLType) -> TypeDefinition? {
        guard case .named(let name) = type else { return nil }
        return types[name]
    }

    public func package(_ path: String) -> IRPackage? { packages.first { $0.path == path } }
}

/// One IDL package, ready to emit.
public struct IRPackage: Sendable {
    public let path: String
    public let name: String
    public let doc: String
    /// Source files relative to the IDL root.
    public let files: [String]
    /// Packages whose names the package's definitions use.
    public let imports: [String]
    /// Whether the user asked for this package (the others were loaded as imports).
    public let isRequested: Bool
    public let types: [TypeDefinition]
    public let consts: [ConstDefinition]
    public let errors: [ErrorDefinition]
    public let interfaces: [InterfaceDefinition]
}

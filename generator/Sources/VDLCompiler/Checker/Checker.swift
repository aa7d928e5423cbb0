/// Resolves names across files and packages and checks every declaration.
///
/// Each problem is reported once with its location; checking continues past it, so one run
/// reports all independent errors. Definitions are resolved on demand, so declaration order
/// within and across files does not matter, and cycles are detected where they occur.
public final class Checker {
    enum Symbol {
        case type(TypeDeclSyntax)
        case const(ConstDeclSyntax)
        case error(ErrorDeclSyntax)
        case interface(InterfaceDeclSyntax)

        var location: SourceLocation {
            switch self {
            case .type(let d): return d.name.location
            case .const(let d): return d.name.location
            case .error(let d): return d.name.location
            case .interface(let d): return d.name.location
            }
        }

        var kindName: String {
            switch self {
            case .type: return "type"
            case .const: return "constant"
            case .error: return "error"
            case .interface: return "interface"
            }
        }
    }

    /// What a file sees: its package and its imports.
    struct Scope {
        let package: String
        let file: String
        /// Local name → package path.
        let imports: [String: String]
    }

    enum State { case resolving, done, failed }

    let diagnostics: DiagnosticCollector
    let packages: [LoadedPackage]
    var symbols: [String: [String: (symbol: Symbol, scope: Scope)]] = [:]
    var loadedPaths: Set<String> = []
    var usedImports: Set<String> = []
    var rejectedImports: Set<SourceLocation> = []

    var types: [QualifiedName: TypeDefinition] = [:]
    var typeStates: [QualifiedName: State] = [:]
    var consts: [QualifiedName: ConstDefinition] = [:]
    var constStates: [QualifiedName: State] = [:]
    var errors: [QualifiedName: ErrorDefinition] = [:]
    var interfaces: [QualifiedName: InterfaceDefinition] = [:]
    var interfaceStates: [QualifiedName: State] = [:]
    /// Composite types used anywhere, checked once all definitions exist (keys, optionals).
    var typeUses: [(type: VDLType, location: SourceLocation)] = []

    public init(packages: [LoadedPackage], diagnostics: DiagnosticCollector) {
        self.packages = packages
        self.diagnostics = diagnostics
        self.loadedPaths = Set(packages.map(\.path))
    }

    public func check() -> CheckedModule {
        declareSymbols()
        var module = CheckedModule(packages: [], types: [:], consts: [:], errors: [:], interfaces: [:])
        for package in packages {
            var result = CheckedModule.Package(
                path: package.path, name: package.name,
                doc: package.files.map(\.packageDoc).first { !$0.isEmpty } ?? "",
                files: package.files.map(\.path),
                imports: Array(Set(package.files.flatMap { $0.imports.map { PackageLoader.normalize($0.path) } })).sorted()
            )
            for file in package.files {
                for decl in file.types { let q = qualified(package, decl.name); if definition(of: q) != nil { result.types.append(q) } }
                for decl in file.consts { let q = qualified(package, decl.name); if constant(q) != nil { result.consts.append(q) } }
                for decl in file.errors { let q = qualified(package, decl.name); if errorDefinition(q) != nil { result.errors.append(q) } }
                for decl in file.interfaces { let q = qualified(package, decl.name); if interface(q) != nil { result.interfaces.append(q) } }
            }
            module.packages.append(result)
        }
        validateTypeUses()
        checkRepresentable()
        markRecursiveFields()
        reportUnusedImports()
        module.types = types
        module.consts = consts
        module.errors = errors
        module.interfaces = interfaces
        return module
    }

    func qualified(_ package: LoadedPackage, _ name: Identifier) -> QualifiedName {
        QualifiedName(package: package.path, name: name.name)
    }

    // MARK: Symbols

    private func declareSymbols() {
        let packageNames = Dictionary(packages.map { ($0.path, $0.name) }, uniquingKeysWith: { a, _ in a })
        for package in packages {
            var table: [String: (symbol: Symbol, scope: Scope)] = [:]
            for file in package.files {
                var imports: [String: String] = [:]
                for spec in file.imports {
                    let path = PackageLoader.normalize(spec.path)
                    let local = spec.alias?.name ?? packageNames[path] ?? String(path.split(separator: "/").last ?? "")
                    if let existing = imports[local] {
                        diagnostics.error("import name \(local) is used for both \"\(existing)\" and \"\(path)\"; give one an alias", at: spec.location)
                        rejectedImports.insert(spec.location)
                        continue
                    }
                    if path == package.path {
                        diagnostics.error("package \"\(path)\" imports itself", at: spec.location)
                        rejectedImports.insert(spec.location)
                        continue
                    }
                    imports[local] = path
                }
                let scope = Scope(package: package.path, file: file.path, imports: imports)
                var declared: [(Identifier, Symbol)] =
                    file.types.map { ($0.name, .type($0)) } + file.consts.map { ($0.name, .const($0)) }
                    + file.errors.map { ($0.name, .error($0)) } + file.interfaces.map { ($0.name, .interface($0)) }
                // Source order, so a redeclaration is reported at the later one.
                declared.sort { $0.0.location.offset < $1.0.location.offset }
                for (name, symbol) in declared {
                    if Primitive(rawValue: name.name) != nil || ["true", "false", "nil", "typeobject"].contains(name.name) {
                        diagnostics.error("cannot declare \(name.name): it is a built-in name", at: name.location, length: name.name.utf8.count)
                        continue
                    }
                    if let previous = table[name.name] {
                        diagnostics.error(
                            "\(name.name) redeclared in package \(package.path): \(symbol.kindName) here, \(previous.symbol.kindName) at \(previous.symbol.location)",
                            at: name.location, length: name.name.utf8.count)
                        continue
                    }
                    table[name.name] = (symbol, scope)
                }
            }
            symbols[package.path] = table
        }
    }

    /// Looks up `name` in a package; nil (after reporting) when it is not there.
    func lookup(_ name: String, inPackage package: String, at location: SourceLocation, qualifierShown: String?) -> (symbol: Symbol, scope: Scope)? {
        if let found = symbols[package]?[name] { return found }
        // A package that failed to load was already reported; don't pile up errors for its names.
        if !loadedPaths.contains(package) { return nil }
        let shown = qualifierShown.map { "\($0).\(name)" } ?? name
        diagnostics.error("undefined: \(shown)", at: location, length: name.utf8.count)
        return nil
    }

    /// Resolves an import name used in a file; reports unknown ones.
    func importedPackage(_ qualifier: Identifier, in scope: Scope, report: Bool = true) -> String? {
        guard let path = scope.imports[qualifier.name] else {
            if report {
                diagnostics.error("undefined: \(qualifier.name) (not an imported package)", at: qualifier.location, length: qualifier.name.utf8.count)
            }
            return nil
        }
        usedImports.insert("\(scope.file)|\(qualifier.name)")
        return path
    }

    private func reportUnusedImports() {
        for package in packages {
            for file in package.files {
                for spec in file.imports {
                    let path = PackageLoader.normalize(spec.path)
                    let local = spec.alias?.name ?? packages.first { $0.path == path }?.name ?? String(path.split(separator: "/").last ?? "")
                    if !usedImports.contains("\(file.path)|\(local)"), loadedPaths.contains(path), !rejectedImports.contains(spec.location) {
                        diagnostics.warning("\"\(path)\" imported and not used", at: spec.location)
                    }
                }
            }
        }
    }
}

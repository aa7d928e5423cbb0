import VDLRPC
import VDLWire

extension ServiceDescriptor {
    /// The package path of the interface (`examples/fortune` of `examples/fortune.Fortune`).
    public var packagePath: String { Self.split(fullName).package }

    /// The interface's own name (`Fortune`).
    public var shortName: String { Self.split(fullName).name }

    static func split(_ qualified: String) -> (package: String, name: String) {
        guard let dot = qualified.lastIndex(of: ".") else { return ("", qualified) }
        return (String(qualified[..<dot]), String(qualified[qualified.index(after: dot)...]))
    }

    /// The interface in VDL syntax, with its doc comments, tags and stream types, as `vrpc
    /// signature` prints it; only `methods` when given. Types are spelled as seen from the
    /// interface's package (`Point`, `access.AccessList`).
    public func vdlSyntax(methods only: [MethodDescriptor]? = nil) -> String {
        var out = "// \(fullName)\n"
        out += Self.comment(doc, indent: "")
        out += "type \(shortName) interface {\n"
        if only == nil {
            for embed in embeds { out += "\t\(Self.spell(embed, from: packagePath))\n" }
        }
        for method in only ?? methods {
            out += Self.comment(method.doc, indent: "\t")
            if method.interface != fullName, only == nil {
                out += "\t// (from \(method.interface))\n"
            }
            out += "\t" + method.vdlSyntax(from: packagePath) + "\n"
        }
        out += "}\n"
        return out
    }

    /// The definitions of the named types the interface uses, in VDL syntax.
    public func typesVDLSyntax() -> String {
        types.map { $0.vdlSyntax(from: packagePath) }.joined(separator: "\n")
    }

    static func comment(_ text: String, indent: String) -> String {
        guard !text.isEmpty else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "\(indent)// \($0)".trimmingTrailing() + "\n" }.joined()
    }

    /// A type spelling as seen from `package`: its own types bare, others by package name.
    static func spell(_ type: String, from package: String) -> String {
        guard let parsed = try? TypeExpression(parsing: type) else { return type }
        return spell(parsed, from: package)
    }

    static func spell(_ type: TypeExpression, from package: String) -> String {
        switch type {
        case .builtin(let b): return b.rawValue
        case .list(let e): return "[]" + spell(e, from: package)
        case .array(let n, let e): return "[\(n)]" + spell(e, from: package)
        case .set(let k): return "set[\(spell(k, from: package))]"
        case .map(let k, let v): return "map[\(spell(k, from: package))]" + spell(v, from: package)
        case .optional(let e): return "?" + spell(e, from: package)
        case .named(let name):
            let (path, short) = split(name)
            if path == package { return short }
            return "\(path.split(separator: "/").last.map(String.init) ?? path).\(short)"
        }
    }
}

import VDLRPC
import VDLWire

extension TypeDescriptor {
    /// `type Point struct { ... }` with doc comments, spelled as seen from `package`.
    public func vdlSyntax(from package: String) -> String {
        let spell: (String) -> String = { ServiceDescriptor.spell($0, from: package) }
        var out = ServiceDescriptor.comment(doc, indent: "")
        let head = "type \(spell(name))"
        switch kind {
        case .structure, .union:
            out += "\(head) \(kind.rawValue) {\n"
            for field in fields {
                out += ServiceDescriptor.comment(field.doc, indent: "\t")
                out += "\t\(field.name) \(spell(field.type))\n"
            }
            out += "}\n"
        case .enumeration:
            out += "\(head) enum {\n" + labels.map { "\t\($0)\n" }.joined() + "}\n"
        case .defined:
            out += "\(head) \(underlying.map(spell) ?? "?")\n"
        }
        return out
    }
}

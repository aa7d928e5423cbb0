import VDLRPC
import VDLWire

extension MethodDescriptor {
    /// `Add(fortune string) error {access.Write}`, types spelled as seen from `package`.
    public func vdlSyntax(from package: String) -> String {
        let spell: (String) -> String = { ServiceDescriptor.spell($0, from: package) }
        var text = "\(name)(" + inArgs.map { "\($0.name) \(spell($0.type))" }.joined(separator: ", ") + ")"
        if inStream != nil || outStream != nil {
            text += " stream<\(inStream.map(spell) ?? "_"), \(outStream.map(spell) ?? "_")>"
        }
        if outArgs.isEmpty {
            text += " error"
        } else {
            text += " (" + outArgs.map { "\($0.name) \(spell($0.type))" }.joined(separator: ", ") + " | error)"
        }
        if !tags.isEmpty {
            text += " {" + tags.map { Self.tagSyntax($0, from: package) }.joined(separator: ", ") + "}"
        }
        return text
    }

    /// The access tags by the constant of the `security/access` package that has their value
    /// (`access.Write`); built-in values as JSON literals (`"chat"`); others by type and size.
    static func tagSyntax(_ tag: VDLAny, from package: String) -> String {
        let typeName = ServiceDescriptor.spell(tag.typeName, from: package)
        if tag.typeName == "security/access.Tag", let value = try? tag.decode(typeName: tag.typeName, as: StringCodec.self),
           ["Admin", "Read", "Write", "Debug", "Resolve"].contains(value) {
            return "\(typeName.split(separator: ".").first.map(String.init) ?? "access").\(value)"
        }
        if let type = try? TypeExpression(parsing: tag.typeName), case .builtin = type,
           let value = try? DynamicCodec(types: []).decodeValue(tag.value, as: tag.typeName) {
            return value.description
        }
        return "\(typeName)(\(tag.value.count) bytes)"
    }
}

extension DeclarationEmitter {
    /// Every named type the interface's methods use, transitively (arguments, results, stream
    /// items, and everything those types contain), sorted by qualified name.
    func typesUsed(by interface: InterfaceDefinition) -> [TypeDefinition] {
        var seen: Set<QualifiedName> = []
        var pending: [VDLType] = []
        for method in interface.allMethods {
            pending += method.inArgs.map(\.type) + method.outArgs.map(\.type)
            if let stream = method.inStream { pending.append(stream) }
            if let stream = method.outStream { pending.append(stream) }
        }
        var found: [TypeDefinition] = []
        while let type = pending.popLast() {
            switch type {
            case .primitive: break
            case .list(let e), .array(_, let e), .set(let e), .optional(let e): pending.append(e)
            case .map(let k, let v): pending += [k, v]
            case .named(let name):
                guard !seen.contains(name), let definition = mapper.module.types[name] else { continue }
                seen.insert(name)
                found.append(definition)
                switch definition.kind {
                case .structure(let fields), .union(let fields): pending += fields.map(\.type)
                case .enumeration: break
                case .defined(let inner): pending.append(inner)
                }
            }
        }
        return found.sorted { $0.name < $1.name }
    }

    /// Writes the `types:` argument of a service descriptor: one `TypeDescriptor` per type.
    mutating func emitTypeDescriptors(_ types: [TypeDefinition]) {
        writer.line("types: [")
        writer.indent()
        for type in types {
            var head = "TypeDescriptor(name: \(SwiftNames.stringLiteral(type.name.description)), "
            let doc = type.doc.isEmpty ? "" : ", doc: \(SwiftNames.stringLiteral(type.doc))"
            switch type.kind {
            case .structure(let fields), .union(let fields):
                let isStruct: Bool
                if case .structure = type.kind { isStruct = true } else { isStruct = false }
                head += "kind: .\(isStruct ? "structure" : "union"), fields: ["
                if fields.isEmpty {
                    writer.line(head + "]\(doc)),")
                    continue
                }
                writer.line(head)
                writer.indent()
                for field in fields {
                    let fieldDoc = field.doc.isEmpty ? "" : ", doc: \(SwiftNames.stringLiteral(field.doc))"
                    writer.line("TypeDescriptor.Field(name: \(SwiftNames.stringLiteral(field.name)), type: \(SwiftNames.stringLiteral(field.type.description)), number: \(field.number)\(fieldDoc)),")
                }
                writer.dedent()
                writer.line("]\(doc)),")
            case .enumeration(let labels):
                let list = labels.map { SwiftNames.stringLiteral($0.name) }.joined(separator: ", ")
                writer.line(head + "kind: .enumeration, labels: [\(list)]\(doc)),")
            case .defined(let inner):
                writer.line(head + "kind: .defined, underlying: \(SwiftNames.stringLiteral(inner.description))\(doc)),")
            }
        }
        writer.dedent()
        writer.line("]")
    }
}

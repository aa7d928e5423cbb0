extension Checker {
    /// The checked error definition, built on first use.
    func errorDefinition(_ name: QualifiedName) -> ErrorDefinition? {
        if let done = errors[name] { return done }
        guard let (symbol, scope) = symbols[name.package]?[name.name], case .error(let decl) = symbol else { return nil }
        let (parameters, _) = resolveFields(StructBodySyntax(fields: decl.parameters), owner: "error \(decl.name.name)", what: "parameter", scope: scope)
        var retry = ErrorDefinition.RetryAction.noRetry
        if let action = decl.retryAction {
            if let known = ErrorDefinition.RetryAction(rawValue: action.name) {
                retry = known
            } else {
                let choices = ErrorDefinition.RetryAction.allCases.map(\.rawValue).joined(separator: ", ")
                diagnostics.error("unknown retry action \(action.name) in error \(decl.name.name): use one of \(choices)", at: action.location, length: action.name.utf8.count)
            }
        }
        var languages: Set<String> = []
        for message in decl.messages {
            if !languages.insert(message.language).inserted {
                diagnostics.error("error \(decl.name.name) has two messages for language \"\(message.language)\"", at: message.location)
            }
            for reference in Self.templateReferences(message.template) where !Self.isValidReference(reference, parameters: parameters) {
                let known = parameters.isEmpty ? "it has no parameters" : "its parameters are " + parameters.map(\.name).joined(separator: ", ")
                diagnostics.error("message of error \(decl.name.name) refers to {\(reference)}, which is not a parameter (\(known))", at: message.location)
            }
        }
        let definition = ErrorDefinition(
            name: name, doc: decl.doc, location: decl.name.location, parameters: parameters,
            retryAction: retry, messages: decl.messages.map { ($0.language, $0.template) })
        errors[name] = definition
        return definition
    }

    /// A placeholder names a parameter (`{name}`), or is positional as in Vanadium: `{1}` the
    /// component, `{2}` the operation (both empty in generated messages), `{3}` the first parameter.
    static func isValidReference(_ reference: String, parameters: [FieldDefinition]) -> Bool {
        if let position = Int(reference) { return position >= 1 && position <= parameters.count + 2 }
        return parameters.contains { $0.name == reference }
    }

    /// The `{name}` placeholders of a message template (`{{` and `}}` are literal braces), with
    /// Vanadium's `:` decorations (`{1:}`, `{:3}`) removed.
    static func templateReferences(_ template: String) -> [String] {
        var references: [String] = []
        var scalars = Array(template.unicodeScalars)[...]
        while let open = scalars.firstIndex(of: "{") {
            if scalars.index(after: open) < scalars.endIndex, scalars[scalars.index(after: open)] == "{" {
                scalars = scalars[(open + 2)...]
                continue
            }
            guard let close = scalars[open...].firstIndex(of: "}") else { break }
            var name = String(String.UnicodeScalarView(scalars[(open + 1)..<close]))
            if name.hasSuffix(":") { name.removeLast() }
            if name.hasPrefix(":") { name.removeFirst() }
            references.append(name)
            scalars = scalars[(close + 1)...]
        }
        return references
    }

    /// The checked interface, resolving embedded interfaces on first use.
    func interface(_ name: QualifiedName) -> InterfaceDefinition? {
        switch interfaceStates[name] {
        case .done: return interfaces[name]
        case .failed: return nil
        case .resolving:
            if let (symbol, _) = symbols[name.package]?[name.name] {
                diagnostics.error("interface \(name.name) embeds itself", at: symbol.location, length: name.name.utf8.count)
            }
            interfaceStates[name] = .failed
            return nil
        case nil:
            break
        }
        guard let (symbol, scope) = symbols[name.package]?[name.name], case .interface(let decl) = symbol else { return nil }
        interfaceStates[name] = .resolving

        var embeds: [QualifiedName] = []
        var embedded: [InterfaceDefinition] = []
        for embed in decl.embeds {
            var package = scope.package
            if let qualifier = embed.qualifier {
                guard let imported = importedPackage(qualifier, in: scope) else { continue }
                package = imported
            }
            guard let (embedSymbol, _) = lookup(embed.name.name, inPackage: package, at: embed.name.location, qualifierShown: embed.qualifier?.name) else { continue }
            guard case .interface = embedSymbol else {
                diagnostics.error("\(embed.name.name) is \(article(embedSymbol.kindName)) \(embedSymbol.kindName), not an interface; only interfaces can be embedded", at: embed.name.location, length: embed.name.name.utf8.count)
                continue
            }
            let q = QualifiedName(package: package, name: embed.name.name)
            if embeds.contains(q) {
                diagnostics.error("interface \(decl.name.name) embeds \(embed.name.name) twice", at: embed.name.location)
                continue
            }
            embeds.append(q)
            if let definition = interface(q) { embedded.append(definition) }
        }
        if interfaceStates[name] == .failed { return nil }

        var methods: [MethodDefinition] = []
        for method in decl.methods {
            if let previous = methods.first(where: { $0.name == method.name.name }) {
                diagnostics.error("duplicate method \(method.name.name) in interface \(decl.name.name) (first at \(previous.location))", at: method.name.location, length: method.name.name.utf8.count)
                continue
            }
            if let checked = checkMethod(method, interface: name, scope: scope) { methods.append(checked) }
        }

        // Own methods, then embedded ones; a name reached through two different declarations conflicts.
        var all = methods
        for definition in embedded {
            for method in definition.allMethods {
                if let existing = all.first(where: { $0.name == method.name }) {
                    if existing.interface != method.interface {
                        diagnostics.error(
                            "method \(method.name) of interface \(decl.name.name) conflicts: declared by both \(existing.interface) and \(method.interface)",
                            at: existing.interface == name ? existing.location : decl.name.location, length: method.name.utf8.count)
                    }
                    continue
                }
                all.append(method)
            }
        }
        let definition = InterfaceDefinition(name: name, doc: decl.doc, location: decl.name.location, embeds: embeds, methods: methods, allMethods: all)
        interfaces[name] = definition
        interfaceStates[name] = .done
        return definition
    }

    private func checkMethod(_ method: MethodSyntax, interface: QualifiedName, scope: Scope) -> MethodDefinition? {
        let (inArgs, _) = resolveFields(StructBodySyntax(fields: method.inArgs), owner: "method \(method.name.name)", what: "argument", scope: scope)
        let (outArgs, _) = resolveFields(StructBodySyntax(fields: method.outArgs), owner: "method \(method.name.name)", what: "result", scope: scope)
        let inStream = method.inStream.flatMap { resolveType($0, in: scope) }
        let outStream = method.outStream.flatMap { resolveType($0, in: scope) }
        var tags: [Constant] = []
        for expr in method.tags {
            guard let value = evaluate(expr, in: scope, expected: nil) else { continue }
            if value.type == nil, case .null = value.value {
                diagnostics.error("method tag nil has no type: tags must be typed constants like access.Read", at: expr.location)
                continue
            }
            // An untyped tag takes its default type, like a value stored in `any`.
            if value.type == nil, let typed = convert(value, to: .primitive(.any), explicit: false, at: expr.location), case .some(let inner) = typed.value {
                tags.append(inner)
            } else {
                tags.append(value)
            }
        }
        return MethodDefinition(
            name: method.name.name, doc: method.doc, location: method.name.location, interface: interface,
            inArgs: inArgs, outArgs: outArgs, inStream: inStream, outStream: outStream, tags: tags)
    }
}

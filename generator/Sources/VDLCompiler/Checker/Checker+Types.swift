import BigInt

extension Checker {
    /// The highest field number proto3 allows, and the range protobuf reserves for itself.
    static let maxFieldNumber = 536_870_911
    static let protobufReserved = 19_000...19_999

    /// The checked definition of a named type, resolving it on first use.
    func definition(of name: QualifiedName) -> TypeDefinition? {
        switch typeStates[name] {
        case .done: return types[name]
        case .failed: return nil
        case .resolving:
            if let (symbol, _) = symbols[name.package]?[name.name] {
                diagnostics.error("invalid recursive type \(name.name): its definition refers to itself", at: symbol.location, length: name.name.utf8.count)
            }
            typeStates[name] = .failed
            return nil
        case nil:
            break
        }
        guard let (symbol, scope) = symbols[name.package]?[name.name], case .type(let decl) = symbol else { return nil }
        typeStates[name] = .resolving
        let kind = resolveDefinitionKind(decl, scope: scope)
        if typeStates[name] == .failed { return nil }
        guard let kind else {
            typeStates[name] = .failed
            return nil
        }
        var definition = TypeDefinition(name: name, doc: decl.doc, location: decl.name.location, kind: kind.kind)
        definition.reservedNumbers = kind.reserved
        types[name] = definition
        typeStates[name] = .done
        return definition
    }

    private func resolveDefinitionKind(_ decl: TypeDeclSyntax, scope: Scope) -> (kind: TypeDefinition.Kind, reserved: [Int])? {
        switch decl.type {
        case .structure(let body, _):
            let (fields, reserved) = resolveFields(body, owner: decl.name.name, what: "field", scope: scope)
            return (.structure(fields), reserved)
        case .union(let body, let location):
            let (arms, reserved) = resolveFields(body, owner: decl.name.name, what: "arm", scope: scope)
            if body.fields.isEmpty {
                diagnostics.error("union \(decl.name.name) has no arms", at: location)
            }
            return (.union(arms), reserved)
        case .enumeration(let labels, let location):
            if labels.isEmpty {
                diagnostics.error("enum \(decl.name.name) has no labels: the first label is its zero value", at: location)
            }
            var seen: [String: SourceLocation] = [:]
            var result: [EnumLabelDefinition] = []
            for label in labels {
                if let previous = seen[label.name.name] {
                    diagnostics.error("duplicate label \(label.name.name) in enum \(decl.name.name) (first at \(previous))", at: label.name.location, length: label.name.name.utf8.count)
                    continue
                }
                seen[label.name.name] = label.name.location
                result.append(EnumLabelDefinition(name: label.name.name, doc: label.doc, location: label.name.location))
            }
            return (.enumeration(result), [])
        default:
            guard let type = resolveType(decl.type, in: scope) else { return nil }
            if case .named(let other) = type {
                // `type B A` makes a new type with A's structure.
                guard let base = definition(of: other) else { return nil }
                return (base.kind, base.reservedNumbers)
            }
            return (.defined(type), [])
        }
    }

    /// Resolves struct fields or union arms, assigning wire numbers.
    func resolveFields(_ body: StructBodySyntax, owner: String, what: String, scope: Scope) -> ([FieldDefinition], [Int]) {
        var reserved: [Int: SourceLocation] = [:]
        for group in body.reserved {
            for expr in group.numbers {
                guard let number = wireNumber(expr, what: "reserved number", scope: scope) else { continue }
                if reserved[number] != nil {
                    diagnostics.error("wire number \(number) is reserved twice in \(owner)", at: expr.location)
                }
                reserved[number] = expr.location
            }
        }
        var fields: [FieldDefinition] = []
        var names: [String: SourceLocation] = [:]
        var used: [Int: String] = [:]
        var next = 1
        for field in body.fields {
            let name = field.name
            if let previous = names[name.name] {
                diagnostics.error("duplicate \(what) \(name.name) in \(owner) (first at \(previous))", at: name.location, length: name.name.utf8.count)
                continue
            }
            names[name.name] = name.location
            let type = resolveType(field.type, in: scope)
            var number: Int
            if let pinned = field.number {
                guard let value = wireNumber(pinned, what: "wire number", scope: scope) else { continue }
                number = value
                if reserved[number] != nil {
                    diagnostics.error("wire number \(number) of \(what) \(name.name) is reserved in \(owner)", at: pinned.location)
                    continue
                }
                if let holder = used[number] {
                    diagnostics.error("wire number \(number) of \(what) \(name.name) is already used by \(holder) in \(owner)", at: pinned.location)
                    continue
                }
            } else {
                number = next
                while reserved[number] != nil || used[number] != nil || Self.protobufReserved.contains(number) { number += 1 }
                if number > Self.maxFieldNumber {
                    diagnostics.error("\(what) \(name.name) of \(owner) would get wire number \(number), beyond the maximum \(Self.maxFieldNumber): pin it to a free number", at: name.location, length: name.name.utf8.count)
                    continue
                }
            }
            used[number] = name.name
            next = number + 1
            if let type {
                fields.append(FieldDefinition(name: name.name, doc: field.doc, type: type, number: number, location: name.location))
            }
        }
        return (fields, reserved.keys.sorted())
    }

    private func wireNumber(_ expr: ExprSyntax, what: String, scope: Scope) -> Int? {
        guard let constant = evaluate(expr, in: scope, expected: nil) else { return nil }
        guard case .integer(let value) = constant.value else {
            diagnostics.error("\(what) must be an integer constant, got \(constant.kindDescription)", at: expr.location)
            return nil
        }
        guard value >= 1, value <= BigInt(Self.maxFieldNumber) else {
            diagnostics.error("\(what) \(value) is out of range: proto3 field numbers are 1 to \(Self.maxFieldNumber)", at: expr.location)
            return nil
        }
        let number = Int(value)
        if Self.protobufReserved.contains(number) {
            diagnostics.error("\(what) \(number) is reserved by protobuf (19000 to 19999)", at: expr.location)
            return nil
        }
        return number
    }

    /// Resolves a written type. Composite types are remembered for the checks that need every definition.
    func resolveType(_ syntax: TypeSyntax, in scope: Scope) -> VDLType? {
        switch syntax {
        case .named(let qualifier, let name):
            if let qualifier {
                guard let package = importedPackage(qualifier, in: scope) else { return nil }
                return namedType(name, in: package, qualifier: qualifier.name)
            }
            if let primitive = Primitive(rawValue: name.name) { return .primitive(primitive) }
            return namedType(name, in: scope.package, qualifier: nil)
        case .list(let element, _):
            return resolveType(element, in: scope).map { .list($0) }
        case .array(let lengthExpr, let element, let location):
            let elementType = resolveType(element, in: scope)
            guard let length = arrayLength(lengthExpr, in: scope), let elementType else { return nil }
            _ = location
            return .array(length, elementType)
        case .set(let key, let location):
            guard let keyType = resolveType(key, in: scope) else { return nil }
            typeUses.append((.set(keyType), location))
            return .set(keyType)
        case .map(let key, let value, let location):
            let keyType = resolveType(key, in: scope)
            guard let keyType, let valueType = resolveType(value, in: scope) else { return nil }
            typeUses.append((.map(keyType, valueType), location))
            return .map(keyType, valueType)
        case .optional(let element, let location):
            guard let elementType = resolveType(element, in: scope) else { return nil }
            typeUses.append((.optional(elementType), location))
            return .optional(elementType)
        case .structure(_, let location), .union(_, let location), .enumeration(_, let location):
            // The parser already reported that these must be named.
            _ = location
            return nil
        }
    }

    private func namedType(_ name: Identifier, in package: String, qualifier: String?) -> VDLType? {
        guard let (symbol, _) = lookup(name.name, inPackage: package, at: name.location, qualifierShown: qualifier) else { return nil }
        guard case .type = symbol else {
            let shown = qualifier.map { "\($0).\(name.name)" } ?? name.name
            diagnostics.error("\(shown) is \(article(symbol.kindName)) \(symbol.kindName), not a type", at: name.location, length: name.name.utf8.count)
            return nil
        }
        return .named(QualifiedName(package: package, name: name.name))
    }

    private func arrayLength(_ expr: ExprSyntax, in scope: Scope) -> Int? {
        guard let constant = evaluate(expr, in: scope, expected: nil) else { return nil }
        let value: BigInt?
        switch constant.value {
        case .integer(let v): value = v
        case .float(let r) where r.isInteger: value = r.numerator
        default: value = nil
        }
        guard let value, constant.type == nil || isIntegerType(constant.type) else {
            diagnostics.error("array length must be a non-negative integer constant, got \(constant.kindDescription)", at: expr.location)
            return nil
        }
        guard value >= 0 else {
            diagnostics.error("array length must be a non-negative integer constant, got \(value)", at: expr.location)
            return nil
        }
        guard value <= 1 << 20 else {
            diagnostics.error("array length \(value) is too large (at most \(1 << 20))", at: expr.location)
            return nil
        }
        return Int(value)
    }

    func article(_ word: String) -> String {
        ["a", "e", "i", "o", "u"].contains(word.first.map(String.init) ?? "") ? "an" : "a"
    }

    // MARK: Type queries

    /// Follows named defined types (`type Tag string`) to their structure; structs, unions and enums stay named.
    func underlying(_ type: VDLType) -> VDLType {
        var current = type
        var steps = 0
        while case .named(let name) = current, let def = definition(of: name), case .defined(let inner) = def.kind, steps < 100 {
            current = inner
            steps += 1
        }
        return current
    }

    func isIntegerType(_ type: VDLType?) -> Bool {
        guard let type, case .primitive(let p) = underlying(type) else { return false }
        return p.isInteger
    }

    func kindOfNamed(_ type: VDLType) -> TypeDefinition.Kind? {
        guard case .named(let name) = underlying(type) else { return nil }
        return definition(of: name)?.kind
    }

    // MARK: Checks needing every definition

    /// Map and set keys must be comparable values; `?T` needs a struct or union.
    func validateTypeUses() {
        for (type, location) in typeUses {
            switch type {
            case .set(let key):
                if let reason = invalidKeyReason(key, visited: []) {
                    diagnostics.error("invalid set key type \(key): \(reason)", at: location)
                }
            case .map(let key, _):
                if let reason = invalidKeyReason(key, visited: []) {
                    diagnostics.error("invalid map key type \(key): \(reason)", at: location)
                }
            case .optional(let element):
                switch kindOfNamed(element) {
                case .structure?, .union?: break
                default:
                    diagnostics.error("invalid optional type ?\(element): only struct and union types can be optional (use the zero value, or wrap it in a struct)", at: location)
                }
            default:
                break
            }
        }
    }

    private func invalidKeyReason(_ type: VDLType, visited: Set<QualifiedName>) -> String? {
        switch underlying(type) {
        case .primitive(let p):
            switch p {
            case .any: return "any is not comparable"
            case .error: return "error is not comparable"
            default: return nil
            }
        case .list: return "lists are not comparable"
        case .set: return "sets are not comparable"
        case .map: return "maps are not comparable"
        case .optional: return "optional types are not comparable"
        case .array(_, let element): return invalidKeyReason(element, visited: visited)
        case .named(let name):
            guard let definition = types[name] else { return nil }
            switch definition.kind {
            case .enumeration: return nil
            case .union: return "union \(name.name) is not comparable"
            case .structure(let fields):
                if visited.contains(name) { return "struct \(name.name) contains itself" }
                for field in fields {
                    if let reason = invalidKeyReason(field.type, visited: visited.union([name])) {
                        return "field \(name.name).\(field.name): \(reason)"
                    }
                }
                return nil
            case .defined(let inner):
                return invalidKeyReason(inner, visited: visited.union([name]))
            }
        }
    }

    /// Named types reached from `type` without passing through a list, set, map or optional:
    /// they are stored inline, so a cycle among them has no finite value.
    private func inlineReferences(_ type: VDLType) -> [QualifiedName] {
        switch type {
        case .named(let name): return [name]
        case .array(let n, let element): return n == 0 ? [] : inlineReferences(element)
        default: return []
        }
    }

    /// Every named type mentioned anywhere in `type`.
    private func allReferences(_ type: VDLType) -> [QualifiedName] {
        switch type {
        case .primitive: return []
        case .named(let name): return [name]
        case .list(let e), .array(_, let e), .set(let e), .optional(let e): return allReferences(e)
        case .map(let k, let v): return allReferences(k) + allReferences(v)
        }
    }

    /// Rejects types that contain themselves with no indirection, and defined types that are their own element.
    func checkRepresentable() {
        var reported: Set<QualifiedName> = []
        for name in types.keys.sorted() {
            guard let definition = types[name] else { continue }
            // Infinite size: a path of inline edges back to the start.
            if let path = inlineCycle(from: name, current: name, path: [], visited: []), !reported.contains(name) {
                path.forEach { reported.insert($0.type) }
                let shown = (path.map { "\($0.type.name).\($0.field)" } + [name.name]).joined(separator: " -> ")
                diagnostics.error(
                    "type \(name.name) contains itself with no optional, list, set or map in between (\(shown)), so it has no finite value",
                    at: definition.location, length: name.name.utf8.count)
            }
            // A defined list/map/... type cannot be its own element (Swift type aliases cannot recurse).
            if case .defined(let inner) = definition.kind, definedCycle(from: name, type: inner, visited: []) {
                diagnostics.error(
                    "recursive type \(name.name) must go through a struct or union (e.g. type \(name.name) struct { Elems []\(name.name) })",
                    at: definition.location, length: name.name.utf8.count)
            }
        }
    }

    private func inlineCycle(from start: QualifiedName, current: QualifiedName, path: [(type: QualifiedName, field: String)], visited: Set<QualifiedName>) -> [(type: QualifiedName, field: String)]? {
        guard let definition = types[current] else { return nil }
        let edges: [(String, VDLType)]
        switch definition.kind {
        case .structure(let fields): edges = fields.map { ($0.name, $0.type) }
        case .union(let arms): edges = arms.first.map { [($0.name, $0.type)] } ?? []
        case .defined(let inner): edges = [("(elem)", inner)]
        case .enumeration: edges = []
        }
        for (field, type) in edges {
            for next in inlineReferences(type) {
                let step = path + [(current, field)]
                if next == start { return step }
                if !visited.contains(next), let found = inlineCycle(from: start, current: next, path: step, visited: visited.union([current])) {
                    return found
                }
            }
        }
        return nil
    }

    private func definedCycle(from start: QualifiedName, type: VDLType, visited: Set<QualifiedName>) -> Bool {
        for next in allReferences(type) {
            if next == start { return true }
            guard !visited.contains(next), let definition = types[next], case .defined(let inner) = definition.kind else { continue }
            if definedCycle(from: start, type: inner, visited: visited.union([next])) { return true }
        }
        return false
    }

    /// Marks optional struct fields and union arms that contain their own type, so the Swift emitter boxes them.
    func markRecursiveFields() {
        for name in types.keys.sorted() {
            guard var definition = types[name] else { continue }
            switch definition.kind {
            case .structure(var fields):
                for i in fields.indices where reaches(name, from: fields[i].type, viaOptional: true) {
                    fields[i].isRecursive = true
                }
                definition.kind = .structure(fields)
            case .union(var arms):
                for i in arms.indices where reaches(name, from: arms[i].type, viaOptional: false) {
                    arms[i].isRecursive = true
                }
                definition.kind = .union(arms)
            default:
                continue
            }
            types[name] = definition
        }
    }

    /// Whether a value of `type` can hold a `target` inline (not behind a list, set or map).
    private func reaches(_ target: QualifiedName, from type: VDLType, viaOptional: Bool) -> Bool {
        if viaOptional {
            guard case .optional = underlying(type) else { return false }
        }
        var visited: Set<QualifiedName> = []
        var queue = [type]
        while let next = queue.popLast() {
            switch underlying(next) {
            case .optional(let e), .array(_, let e): queue.append(e)
            case .named(let name):
                if name == target { return true }
                guard !visited.contains(name), let definition = types[name] else { continue }
                visited.insert(name)
                switch definition.kind {
                case .structure(let fields), .union(let fields): queue += fields.map(\.type)
                default: break
                }
            default:
                break
            }
        }
        return false
    }
}

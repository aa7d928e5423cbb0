import BigInt

extension Checker {
    /// The checked value of a named constant, evaluating it on first use.
    func constant(_ name: QualifiedName) -> ConstDefinition? {
        switch constStates[name] {
        case .done: return consts[name]
        case .failed: return nil
        case .resolving:
            if let (symbol, _) = symbols[name.package]?[name.name] {
                diagnostics.error("constant \(name.name) refers to itself", at: symbol.location, length: name.name.utf8.count)
            }
            constStates[name] = .failed
            return nil
        case nil:
            break
        }
        guard let (symbol, scope) = symbols[name.package]?[name.name], case .const(let decl) = symbol else { return nil }
        constStates[name] = .resolving
        guard let value = evaluate(decl.value, in: scope, expected: nil), constStates[name] != .failed else {
            constStates[name] = .failed
            return nil
        }
        if value.type == nil, case .null = value.value {
            diagnostics.error("use of untyped nil in constant \(name.name): give it a type, e.g. ?T(nil)", at: decl.value.location)
            constStates[name] = .failed
            return nil
        }
        let definition = ConstDefinition(name: name, doc: decl.doc, location: decl.name.location, constant: value)
        consts[name] = definition
        constStates[name] = .done
        return definition
    }

    /// Evaluates a constant expression. `expected` types untyped composite literals (`{1, 2}` inside a list).
    func evaluate(_ expr: ExprSyntax, in scope: Scope, expected: VDLType?) -> Constant? {
        switch expr {
        case .integer(let text, let location):
            guard let value = parseInteger(text) else {
                diagnostics.error("invalid integer literal \(text)", at: location, length: text.utf8.count)
                return nil
            }
            return Constant(type: nil, value: .integer(value))
        case .float(let text, let location):
            guard let value = Rational(decimalLiteral: text) else {
                diagnostics.error("invalid float literal \(text)", at: location, length: text.utf8.count)
                return nil
            }
            return Constant(type: nil, value: .float(value))
        case .string(let text, _):
            return Constant(type: nil, value: .string(text))
        case .name(let parts):
            return evaluateName(parts, in: scope)
        case .unary(let op, let operand, let location):
            guard let value = evaluate(operand, in: scope, expected: nil) else { return nil }
            return unary(op, value, at: location)
        case .binary(let op, let lhs, let rhs, let location):
            let left = evaluate(lhs, in: scope, expected: nil)
            let right = evaluate(rhs, in: scope, expected: nil)
            guard let left, let right else { return nil }
            return binary(op, left, right, at: location)
        case .conversion(let typeSyntax, let argument, let location):
            let type = resolveType(typeSyntax, in: scope)
            let value = evaluate(argument, in: scope, expected: type)
            guard let type, let value else { return nil }
            return convert(value, to: type, explicit: true, at: location)
        case .typeObject(let typeSyntax, _):
            guard let type = resolveType(typeSyntax, in: scope) else { return nil }
            return Constant(type: .primitive(.typeobject), value: .typeObject(type))
        case .composite(let typeSyntax, let elements, let location):
            var type = expected
            if let typeSyntax {
                guard let written = resolveType(typeSyntax, in: scope) else { return nil }
                type = written
            }
            guard let type else {
                diagnostics.error("composite literal needs a type here: write T{...}", at: location)
                return nil
            }
            return composite(type, elements, in: scope, at: location)
        }
    }

    private func parseInteger(_ text: String) -> BigInt? {
        let cleaned = text.replacingOccurrences(of: "_", with: "").lowercased()
        if cleaned.hasPrefix("0x") { return BigInt(String(cleaned.dropFirst(2)), radix: 16) }
        if cleaned.hasPrefix("0b") { return BigInt(String(cleaned.dropFirst(2)), radix: 2) }
        if cleaned.hasPrefix("0o") { return BigInt(String(cleaned.dropFirst(2)), radix: 8) }
        if cleaned.count > 1, cleaned.hasPrefix("0") { return BigInt(String(cleaned.dropFirst()), radix: 8) }
        return BigInt(cleaned, radix: 10)
    }

    // MARK: Names

    private func evaluateName(_ parts: [Identifier], in scope: Scope) -> Constant? {
        let first = parts[0]
        if parts.count == 1 {
            switch first.name {
            case "true": return Constant(type: nil, value: .bool(true))
            case "false": return Constant(type: nil, value: .bool(false))
            case "nil": return Constant(type: nil, value: .null)
            default: break
            }
            if Primitive(rawValue: first.name) != nil {
                diagnostics.error("\(first.name) is a type, not a constant", at: first.location, length: first.name.utf8.count)
                return nil
            }
            return valueOfSymbol(first, in: scope.package, qualifier: nil, rest: [])
        }
        // `pkg.Name[.Label]` or `Enum.Label`.
        if scope.imports[first.name] != nil, symbols[scope.package]?[first.name] == nil {
            guard let package = importedPackage(first, in: scope) else { return nil }
            return valueOfSymbol(parts[1], in: package, qualifier: first.name, rest: Array(parts.dropFirst(2)))
        }
        return valueOfSymbol(first, in: scope.package, qualifier: nil, rest: Array(parts.dropFirst()))
    }

    private func valueOfSymbol(_ name: Identifier, in package: String, qualifier: String?, rest: [Identifier]) -> Constant? {
        guard let (symbol, _) = lookup(name.name, inPackage: package, at: name.location, qualifierShown: qualifier) else { return nil }
        let shown = qualifier.map { "\($0).\(name.name)" } ?? name.name
        let q = QualifiedName(package: package, name: name.name)
        switch symbol {
        case .const:
            guard rest.isEmpty else {
                diagnostics.error("\(shown) is a constant; it has no member \(rest[0].name)", at: rest[0].location)
                return nil
            }
            return constant(q)?.constant
        case .type:
            guard let label = rest.first else {
                diagnostics.error("\(shown) is a type, not a constant", at: name.location, length: name.name.utf8.count)
                return nil
            }
            guard let definition = definition(of: q) else { return nil }
            if rest.count > 1 {
                diagnostics.error("\(shown).\(label.name) is an enum label; it has no member \(rest[1].name)", at: rest[1].location, length: rest[1].name.utf8.count)
                return nil
            }
            guard case .enumeration(let labels) = definition.kind else {
                diagnostics.error("\(shown).\(label.name): only enum types have labels", at: label.location)
                return nil
            }
            guard let index = labels.firstIndex(where: { $0.name == label.name }) else {
                diagnostics.error("enum \(shown) has no label \(label.name)", at: label.location, length: label.name.utf8.count)
                return nil
            }
            return Constant(type: .named(q), value: .enumLabel(label.name, index))
        case .error, .interface:
            diagnostics.error("\(shown) is \(article(symbol.kindName)) \(symbol.kindName), not a constant", at: name.location, length: shown.utf8.count)
            return nil
        }
    }

    // MARK: Operators

    private func unary(_ op: Punctuation, _ value: Constant, at location: SourceLocation) -> Constant? {
        let result: ConstValue
        switch (op, value.value) {
        case (.plus, .integer), (.plus, .float): return value
        case (.minus, .integer(let v)): result = .integer(-v)
        case (.minus, .float(let v)): result = .float(-v)
        case (.bang, .bool(let v)): result = .bool(!v)
        case (.caret, .integer(let v)):
            if let type = value.type, case .primitive(let p) = underlying(type), !p.isSigned {
                result = .integer(((BigInt(1) << p.bits) - 1) ^ v)
            } else {
                result = .integer(-v - 1)
            }
        default:
            diagnostics.error("operator \(op.rawValue) is not defined on \(value.kindDescription)", at: location)
            return nil
        }
        return checkRange(Constant(type: value.type, value: result), at: location)
    }

    private func binary(_ op: Punctuation, _ lhs: Constant, _ rhs: Constant, at location: SourceLocation) -> Constant? {
        if op == .shiftLeft || op == .shiftRight { return shift(op, lhs, rhs, at: location) }
        // Give an untyped operand the other's type, as Go does.
        var left = lhs
        var right = rhs
        if let type = left.type, right.type == nil {
            guard let converted = convert(right, to: type, explicit: false, at: location) else { return nil }
            right = converted
        } else if let type = right.type, left.type == nil {
            guard let converted = convert(left, to: type, explicit: false, at: location) else { return nil }
            left = converted
        } else if let l = left.type, let r = right.type, l != r {
            diagnostics.error("mismatched types \(l) and \(r) in \(op.rawValue)", at: location)
            return nil
        }
        let type = left.type
        // Untyped integer and float mix: the integer becomes a float.
        if type == nil {
            if case .integer(let i) = left.value, case .float = right.value { left = Constant(type: nil, value: .float(Rational(i))) }
            if case .float = left.value, case .integer(let i) = right.value { right = Constant(type: nil, value: .float(Rational(i))) }
        }

        switch op {
        case .equal, .notEqual:
            guard sameKind(left.value, right.value) else {
                diagnostics.error("cannot compare \(left.kindDescription) and \(right.kindDescription)", at: location)
                return nil
            }
            let equal = normalized(left) == normalized(right)
            return Constant(type: nil, value: .bool(op == .equal ? equal : !equal))
        case .less, .lessEqual, .greater, .greaterEqual:
            guard let order = compare(left.value, right.value) else {
                diagnostics.error("operator \(op.rawValue) is not defined on \(left.kindDescription)", at: location)
                return nil
            }
            let result: Bool
            switch op {
            case .less: result = order < 0
            case .lessEqual: result = order <= 0
            case .greater: result = order > 0
            default: result = order >= 0
            }
            return Constant(type: nil, value: .bool(result))
        case .logicalAnd, .logicalOr:
            guard case .bool(let a) = left.value, case .bool(let b) = right.value else {
                diagnostics.error("operator \(op.rawValue) needs bool operands, got \(left.kindDescription) and \(right.kindDescription)", at: location)
                return nil
            }
            return Constant(type: type, value: .bool(op == .logicalAnd ? a && b : a || b))
        default:
            break
        }

        let value: ConstValue
        switch (left.value, right.value) {
        case (.integer(let a), .integer(let b)):
            switch op {
            case .plus: value = .integer(a + b)
            case .minus: value = .integer(a - b)
            case .star: value = .integer(a * b)
            case .slash, .percent:
                guard b != 0 else {
                    diagnostics.error("division by zero", at: location)
                    return nil
                }
                if op == .slash, type.map(isFloatType) == true {
                    guard let q = Rational(a) / Rational(b) else { return nil }
                    value = .float(q)
                } else {
                    value = .integer(op == .slash ? a / b : a % b)
                }
            case .ampersand: value = .integer(a & b)
            case .pipe: value = .integer(a | b)
            case .caret: value = .integer(a ^ b)
            case .andNot: value = .integer(a & ~b)
            default:
                diagnostics.error("operator \(op.rawValue) is not defined on integers", at: location)
                return nil
            }
        case (.float(let a), .float(let b)):
            switch op {
            case .plus: value = .float(a + b)
            case .minus: value = .float(a - b)
            case .star: value = .float(a * b)
            case .slash:
                guard let q = a / b else {
                    diagnostics.error("division by zero", at: location)
                    return nil
                }
                value = .float(q)
            default:
                diagnostics.error("operator \(op.rawValue) is not defined on floats", at: location)
                return nil
            }
        case (.string(let a), .string(let b)) where op == .plus:
            value = .string(a + b)
        default:
            diagnostics.error("operator \(op.rawValue) is not defined on \(left.kindDescription) and \(right.kindDescription)", at: location)
            return nil
        }
        return checkRange(Constant(type: type, value: value), at: location)
    }

    private func shift(_ op: Punctuation, _ lhs: Constant, _ rhs: Constant, at location: SourceLocation) -> Constant? {
        guard case .integer(let count) = rhs.value, rhs.type == nil || isIntegerType(rhs.type) else {
            diagnostics.error("shift count must be an integer, got \(rhs.kindDescription)", at: location)
            return nil
        }
        guard count >= 0, count <= 4096 else {
            diagnostics.error("invalid shift count \(count)", at: location)
            return nil
        }
        var base = lhs.value
        if case .float(let r) = base, r.isInteger, lhs.type == nil { base = .integer(r.numerator) }
        guard case .integer(let value) = base, lhs.type == nil || isIntegerType(lhs.type) else {
            diagnostics.error("shift of \(lhs.kindDescription): only integers can be shifted", at: location)
            return nil
        }
        let amount = Int(count)
        let result = op == .shiftLeft ? value << amount : value >> amount
        return checkRange(Constant(type: lhs.type, value: .integer(result)), at: location)
    }

    private func sameKind(_ a: ConstValue, _ b: ConstValue) -> Bool {
        switch (a, b) {
        case (.bool, .bool), (.integer, .integer), (.float, .float), (.string, .string), (.enumLabel, .enumLabel),
             (.typeObject, .typeObject), (.structure, .structure), (.union, .union), (.list, .list),
             (.set, .set), (.map, .map), (.null, _), (_, .null), (.some, .some):
            return true
        default:
            return false
        }
    }

    private func compare(_ a: ConstValue, _ b: ConstValue) -> Int? {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.float(let x), .float(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x), .string(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        default: return nil
        }
    }

    func isFloatType(_ type: VDLType) -> Bool {
        if case .primitive(let p) = underlying(type) { return p.isFloat }
        return false
    }

    // MARK: Conversion

    /// Converts a constant to `type`: implicitly (assignment: untyped constants, nil, any, optional)
    /// or explicitly (`T(x)`: also between numeric types, and between types with the same structure).
    func convert(_ constant: Constant, to type: VDLType, explicit: Bool, at location: SourceLocation) -> Constant? {
        if constant.type == type { return constant }
        let target = underlying(type)
        let fail = { (detail: String) -> Constant? in
            self.diagnostics.error("cannot use \(self.describe(constant)) as \(type)\(detail)", at: location)
            return nil
        }
        switch target {
        case .primitive(.any):
            if case .null = constant.value { return Constant(type: type, value: .null) }
            guard let inner = constant.type != nil ? constant : defaultTyped(constant, at: location) else { return nil }
            return Constant(type: type, value: .some(inner))
        case .primitive(.error):
            if case .null = constant.value { return Constant(type: type, value: .null) }
            return fail(": only nil is an error constant")
        case .optional(let element):
            if case .null = constant.value { return Constant(type: type, value: .null) }
            guard let inner = convert(constant, to: element, explicit: explicit, at: location) else { return nil }
            return Constant(type: type, value: .some(inner))
        default:
            break
        }
        if case .null = constant.value { return fail(": nil is only a value of optional, any and error types") }

        // A typed constant converts implicitly only to its own type; explicitly between compatible structures.
        if let source = constant.type {
            guard explicit else { return fail("") }
            let from = underlying(source)
            switch (from, target) {
            case (.primitive(let a), .primitive(let b)) where a.isNumeric && b.isNumeric:
                return checkRange(Constant(type: type, value: constant.value), at: location, converting: true)
            case (.primitive(.string), .primitive(.string)), (.primitive(.bool), .primitive(.bool)):
                return Constant(type: type, value: constant.value)
            default:
                if from == target { return Constant(type: type, value: constant.value) }
                return fail("")
            }
        }

        // Untyped constants.
        switch (constant.value, target) {
        case (.bool, .primitive(.bool)), (.string, .primitive(.string)):
            return Constant(type: type, value: constant.value)
        case (.integer, .primitive(let p)) where p.isNumeric, (.float, .primitive(let p)) where p.isNumeric:
            return checkRange(Constant(type: type, value: constant.value), at: location, converting: true)
        default:
            return fail("")
        }
    }

    /// An untyped constant put into `any` gets its default type (int64, float64, string, bool).
    private func defaultTyped(_ constant: Constant, at location: SourceLocation) -> Constant? {
        switch constant.value {
        case .bool: return Constant(type: .bool, value: constant.value)
        case .string: return Constant(type: .string, value: constant.value)
        case .integer: return checkRange(Constant(type: .primitive(.int64), value: constant.value), at: location)
        case .float: return checkRange(Constant(type: .primitive(.float64), value: constant.value), at: location)
        default:
            diagnostics.error("cannot use \(describe(constant)) as any", at: location)
            return nil
        }
    }

    /// Checks that a typed numeric constant fits its type ("constant 300 overflows byte"),
    /// turning integers into floats and integral floats into integers as the type requires.
    func checkRange(_ constant: Constant, at location: SourceLocation, converting: Bool = false) -> Constant? {
        guard let type = constant.type, case .primitive(let p) = underlying(type), p.isNumeric else { return constant }
        if p.isInteger {
            let integer: BigInt
            switch constant.value {
            case .integer(let v): integer = v
            case .float(let r):
                guard r.isInteger else {
                    diagnostics.error("constant \(format(r)) truncated to integer in \(type)", at: location)
                    return nil
                }
                integer = r.numerator
            default:
                return constant
            }
            let (low, high) = range(of: p)
            guard integer >= low, integer <= high else {
                diagnostics.error("constant \(integer) overflows \(type)", at: location)
                return nil
            }
            return Constant(type: type, value: .integer(integer))
        }
        let rational: Rational
        switch constant.value {
        case .integer(let v): rational = Rational(v)
        case .float(let r): rational = r
        default: return constant
        }
        let limit = p == .float32 ? Double(Float.greatestFiniteMagnitude) : Double.greatestFiniteMagnitude
        guard let double = rational.doubleValue, abs(double) <= limit else {
            diagnostics.error("constant \(format(rational)) overflows \(type)", at: location)
            return nil
        }
        // A typed float constant holds the value its type can represent, as in Go.
        let rounded = p == .float32 ? Rational(exactly: Double(Float(double))) : Rational(exactly: double)
        return Constant(type: type, value: .float(rounded))
    }

    func range(of primitive: Primitive) -> (BigInt, BigInt) {
        if primitive.isSigned {
            let half = BigInt(1) << (primitive.bits - 1)
            return (-half, half - 1)
        }
        return (0, (BigInt(1) << primitive.bits) - 1)
    }

    private func format(_ r: Rational) -> String {
        r.isInteger ? r.numerator.description : (r.doubleValue.map { "\($0)" } ?? r.description)
    }

    func describe(_ constant: Constant) -> String {
        switch constant.value {
        case .integer(let v): return constant.type == nil ? "untyped integer constant \(v)" : "\(v) (\(constant.kindDescription))"
        case .float(let r): return constant.type == nil ? "untyped float constant \(format(r))" : "\(format(r)) (\(constant.kindDescription))"
        case .string(let s): return constant.type == nil ? "untyped string constant \(s.debugDescription)" : "\(s.debugDescription) (\(constant.kindDescription))"
        case .bool(let b): return constant.type == nil ? "untyped bool constant \(b)" : "\(b) (\(constant.kindDescription))"
        case .null: return "nil"
        default: return "constant of type \(constant.kindDescription)"
        }
    }

    // MARK: Composite literals

    private func composite(_ type: VDLType, _ elements: [CompositeElementSyntax], in scope: Scope, at location: SourceLocation) -> Constant? {
        let target = underlying(type)
        switch target {
        case .optional(let inner):
            guard let value = composite(inner, elements, in: scope, at: location) else { return nil }
            return Constant(type: type, value: .some(value))
        case .list(let element), .array(_, let element):
            var values: [ConstValue] = []
            for item in elements {
                if let key = item.key {
                    diagnostics.error("index keys are not supported in list literals", at: key.location)
                    continue
                }
                if let value = elementValue(item.value, as: element, in: scope) { values.append(value.value) }
            }
            if case .array(let n, _) = target {
                guard values.count <= n else {
                    diagnostics.error("array literal of \(type) has \(values.count) elements, more than its length \(n)", at: location)
                    return nil
                }
                values += Array(repeating: zeroValue(element), count: n - values.count)
            }
            return Constant(type: type, value: .list(values))
        case .set(let key):
            var values: [ConstValue] = []
            for item in elements {
                guard item.key == nil else {
                    diagnostics.error("set literals list elements, not key: value pairs", at: item.value.location)
                    continue
                }
                guard let value = elementValue(item.value, as: key, in: scope) else { continue }
                if values.contains(where: { normalized(Constant(type: key, value: $0)) == normalized(value) }) {
                    diagnostics.error("duplicate element in set literal", at: item.value.location)
                    continue
                }
                values.append(value.value)
            }
            return Constant(type: type, value: .set(values))
        case .map(let keyType, let valueType):
            var entries: [ConstValue.MapEntry] = []
            for item in elements {
                guard let keyExpr = item.key else {
                    diagnostics.error("map literal elements need a key: write key: value", at: item.value.location)
                    continue
                }
                let key = elementValue(keyExpr, as: keyType, in: scope)
                let value = elementValue(item.value, as: valueType, in: scope)
                guard let key, let value else { continue }
                if entries.contains(where: { normalized(Constant(type: keyType, value: $0.key)) == normalized(key) }) {
                    diagnostics.error("duplicate key in map literal", at: keyExpr.location)
                    continue
                }
                entries.append(.init(key: key.value, value: value.value))
            }
            return Constant(type: type, value: .map(entries))
        case .named(let name):
            guard let definition = types[name] ?? definition(of: name) else { return nil }
            switch definition.kind {
            case .structure(let fields):
                return structLiteral(type, fields: fields, elements, in: scope, at: location)
            case .union(let arms):
                guard elements.count == 1, let keyExpr = elements[0].key, case .name(let parts) = keyExpr, parts.count == 1 else {
                    diagnostics.error("union literal of \(type) must set exactly one arm: \(name.name){Arm: value}", at: location)
                    return nil
                }
                guard let arm = arms.first(where: { $0.name == parts[0].name }) else {
                    diagnostics.error("union \(name.name) has no arm \(parts[0].name)", at: parts[0].location)
                    return nil
                }
                guard let value = elementValue(elements[0].value, as: arm.type, in: scope) else { return nil }
                return Constant(type: type, value: .union(arm: arm.name, value.value))
            default:
                break
            }
        default:
            break
        }
        diagnostics.error("invalid composite literal type \(type)", at: location)
        return nil
    }

    private func structLiteral(_ type: VDLType, fields: [FieldDefinition], _ elements: [CompositeElementSyntax], in scope: Scope, at location: SourceLocation) -> Constant? {
        var values: [ConstValue.FieldValue] = []
        let keyed = elements.contains { $0.key != nil }
        if keyed {
            var seen: Set<String> = []
            for item in elements {
                guard let keyExpr = item.key, case .name(let parts) = keyExpr, parts.count == 1 else {
                    diagnostics.error("mixture of field: value and positional elements in struct literal of \(type)", at: item.value.location)
                    return nil
                }
                let fieldName = parts[0].name
                guard let field = fields.first(where: { $0.name == fieldName }) else {
                    diagnostics.error("struct \(type) has no field \(fieldName)", at: parts[0].location, length: fieldName.utf8.count)
                    continue
                }
                guard seen.insert(fieldName).inserted else {
                    diagnostics.error("duplicate field \(fieldName) in struct literal", at: parts[0].location)
                    continue
                }
                if let value = elementValue(item.value, as: field.type, in: scope) {
                    values.append(.init(name: fieldName, value: value.value))
                }
            }
            values.sort { a, b in
                (fields.firstIndex { $0.name == a.name } ?? 0) < (fields.firstIndex { $0.name == b.name } ?? 0)
            }
        } else if !elements.isEmpty {
            guard elements.count == fields.count else {
                diagnostics.error("too \(elements.count < fields.count ? "few" : "many") values in struct literal of \(type): it has \(fields.count) fields", at: location)
                return nil
            }
            for (field, item) in zip(fields, elements) {
                if let value = elementValue(item.value, as: field.type, in: scope) {
                    values.append(.init(name: field.name, value: value.value))
                }
            }
        }
        return Constant(type: type, value: .structure(values))
    }

    /// An element of a composite literal, converted to its declared type.
    private func elementValue(_ expr: ExprSyntax, as type: VDLType, in scope: Scope) -> Constant? {
        guard let value = evaluate(expr, in: scope, expected: type) else { return nil }
        return convert(value, to: type, explicit: false, at: expr.location)
    }

    /// A constant's value in a form where equal values are identical: struct fields all present
    /// in declaration order, set elements and map entries in a canonical order.
    func normalized(_ constant: Constant) -> ConstValue {
        guard let type = constant.type else { return constant.value }
        return normalized(constant.value, type: type)
    }

    private func normalized(_ value: ConstValue, type: VDLType) -> ConstValue {
        switch (value, underlying(type)) {
        case (.structure(let given), .named(let name)):
            guard case .structure(let fields)? = definition(of: name)?.kind else { return value }
            return .structure(fields.map { field in
                let v = given.first { $0.name == field.name }?.value ?? zeroValue(field.type)
                return .init(name: field.name, value: normalized(v, type: field.type))
            })
        case (.union(let arm, let inner), .named(let name)):
            guard case .union(let arms)? = definition(of: name)?.kind, let armType = arms.first(where: { $0.name == arm })?.type else { return value }
            return .union(arm: arm, normalized(inner, type: armType))
        case (.list(let items), .list(let element)), (.list(let items), .array(_, let element)):
            return .list(items.map { normalized($0, type: element) })
        case (.set(let items), .set(let key)):
            return .set(items.map { normalized($0, type: key) }.sorted { String(describing: $0) < String(describing: $1) })
        case (.map(let entries), .map(let key, let valueType)):
            return .map(entries.map { .init(key: normalized($0.key, type: key), value: normalized($0.value, type: valueType)) }
                .sorted { String(describing: $0.key) < String(describing: $1.key) })
        case (.some(let inner), _):
            return .some(Constant(type: inner.type, value: normalized(inner)))
        default:
            return value
        }
    }

    /// The zero value of a type, as a constant value.
    func zeroValue(_ type: VDLType) -> ConstValue {
        switch underlying(type) {
        case .primitive(let p):
            switch p {
            case .bool: return .bool(false)
            case .string: return .string("")
            case .any, .error: return .null
            case .typeobject: return .typeObject(.primitive(.any))
            case .float32, .float64: return .float(Rational(0))
            default: return .integer(0)
            }
        case .list: return .list([])
        case .array(let n, let element): return .list(Array(repeating: zeroValue(element), count: n))
        case .set: return .set([])
        case .map: return .map([])
        case .optional: return .null
        case .named(let name):
            switch types[name]?.kind {
            case .enumeration(let labels)?: return .enumLabel(labels.first?.name ?? "", 0)
            case .union(let arms)?:
                guard let first = arms.first else { return .structure([]) }
                return .union(arm: first.name, zeroValue(first.type))
            default: return .structure([])
            }
        }
    }
}

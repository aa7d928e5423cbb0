import BigInt

extension SwiftTypeMapper {
    /// The Swift expression for a constant of `type`.
    func literal(_ value: ConstValue, type: VDLType) -> String {
        switch type {
        case .named(let name):
            guard let definition = module.types[name] else { return "\(typeName(name))()" }
            switch definition.kind {
            case .enumeration:
                if case .enumLabel(let label, _) = value { return "\(typeName(name)).\(SwiftNames.lowerCamel(label))" }
            case .structure(let fields):
                guard case .structure(let given) = value else { break }
                let arguments = given.compactMap { field -> String? in
                    guard let declared = fields.first(where: { $0.name == field.name }) else { return nil }
                    return "\(SwiftNames.lowerCamel(field.name).trimmingCharacters(in: "`")): \(literal(field.value, type: declared.type))"
                }
                return "\(typeName(name))(\(arguments.joined(separator: ", ")))"
            case .union(let arms):
                guard case .union(let armName, let inner) = value, let arm = arms.first(where: { $0.name == armName }) else { break }
                return "\(typeName(name)).\(SwiftNames.lowerCamel(armName).trimmingCharacters(in: "`"))(\(literal(inner, type: arm.type)))"
            case .defined(let inner):
                if isNewtype(name) { return "\(typeName(name))(rawValue: \(literal(value, type: inner)))" }
                return literal(value, type: inner)
            }
            return "\(typeName(name))()"
        case .primitive(let p):
            return primitiveLiteral(value, p)
        case .list(let element), .array(_, let element):
            guard case .list(let items) = value else { return "[]" }
            if isByte(element), !items.isEmpty {
                return "[" + items.map { literal($0, type: element) }.joined(separator: ", ") + "] as [UInt8]"
            }
            return "[" + items.map { literal($0, type: element) }.joined(separator: ", ") + "]"
        case .set(let key):
            guard case .set(let items) = value else { return "[]" }
            return "[" + items.map { literal($0, type: key) }.joined(separator: ", ") + "]"
        case .map(let key, let valueType):
            guard case .map(let entries) = value, !entries.isEmpty else { return "[:]" }
            return "[" + entries.map { "\(literal($0.key, type: key)): \(literal($0.value, type: valueType))" }.joined(separator: ", ") + "]"
        case .optional(let element):
            switch value {
            case .some(let inner): return literal(inner.value, type: element)
            case .null: return "nil"
            default: return literal(value, type: element)
            }
        }
    }

    private func primitiveLiteral(_ value: ConstValue, _ p: Primitive) -> String {
        switch (value, p) {
        case (.bool(let b), _): return b ? "true" : "false"
        case (.string(let s), _): return SwiftNames.stringLiteral(s)
        case (.integer(let i), _) where p.isFloat: return "\(i)"
        case (.integer(let i), .int64) where i == BigInt(Int64.min): return "Int64.min"
        case (.integer(let i), _): return "\(i)"
        case (.float(let r), .float32):
            let f = Float(r.doubleValue ?? 0)
            return r.isInteger ? "\(r.numerator)" : "\(f)"
        case (.float(let r), _):
            if r.isInteger, p.isInteger || r.numerator.magnitude.bitWidth < 53 { return "\(r.numerator)" }
            return "\(r.doubleValue ?? 0)"
        case (.typeObject(let t), _):
            return t == .primitive(.any) ? zeroValue(.primitive(.typeobject)) : "VDLTypeObject(rawValue: \(SwiftNames.stringLiteral(t.description)))"
        case (.null, _): return p == .any ? "VDLAny()" : "nil"
        case (.some(let inner), .any): return anyLiteral(inner)
        default: return zeroValue(.primitive(p))
        }
    }

    /// A value inside `any`: encoded at run time through its codec.
    func anyLiteral(_ constant: Constant) -> String {
        guard let type = constant.type else { return "VDLAny()" }
        return "VDLAny.constant(\(literal(constant.value, type: type)), typeName: \(SwiftNames.stringLiteral(type.description)), as: \(codec(type)).self)"
    }
}

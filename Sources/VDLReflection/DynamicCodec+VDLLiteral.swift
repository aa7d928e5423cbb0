import Foundation
import VDLWire

extension DynamicCodec {
    /// Converts a value written in VDL literal syntax to the JSON form of `type`: struct fields by
    /// name or position, union arms by name, enum labels as identifiers, `nil` for optionals,
    /// strings for `[]byte`. Type names before `{` or `(` are accepted and not checked.
    public func json(fromVDL text: String, as type: String, path: String = "value") throws -> JSONValue {
        try json(try VDLLiteral(parsing: text), try TypeExpression(parsing: type), path: path, depth: 0)
    }

    func json(_ literal: VDLLiteral, _ type: TypeExpression, path: String, depth: Int) throws -> JSONValue {
        guard depth < Self.maxDepth else { throw ReflectionError.invalidValue(path: path, message: "nested more than \(Self.maxDepth) deep") }
        let shape = try self.shape(type, at: path)
        if case .optional(let inner) = shape, literal != .nilValue {
            if case .conversion(_, let value) = literal { return try json(value, inner, path: path, depth: depth + 1) }
            return try json(literal, inner, path: path, depth: depth + 1)
        }
        switch literal {
        case .conversion(_, let value): return try json(value, type, path: path, depth: depth + 1)
        case .nilValue: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n)
        case .string(let s):
            switch shape {
            case .bytes, .fixedBytes: return .string(Data(s.utf8).base64EncodedString())
            default: return .string(s)
            }
        case .identifier(let parts):
            guard case .enumeration = shape, let label = parts.last else {
                throw ReflectionError.invalidValue(path: path, message: "\(parts.joined(separator: ".")) is not a value of \(type)")
            }
            return .string(label)
        case .composite(_, let elements):
            return try composite(elements, type, shape, path: path, depth: depth)
        }
    }

    private func composite(_ elements: [VDLLiteral.Element], _ type: TypeExpression, _ shape: Shape, path: String, depth: Int) throws -> JSONValue {
        func name(_ key: VDLLiteral?) throws -> String {
            guard case .identifier(let parts)? = key, parts.count == 1, let name = parts.first else {
                throw ReflectionError.invalidValue(path: path, message: "expected a field name before : in \(type)")
            }
            return name
        }
        switch shape {
        case .structure(let definition):
            let fields = try members(of: definition)
            var members: [(key: String, value: JSONValue)] = []
            let keyed = elements.contains { $0.key != nil }
            if !keyed && elements.count > fields.count {
                throw ReflectionError.invalidValue(path: path, message: "struct \(definition.name) has \(fields.count) fields, got \(elements.count) values")
            }
            for (index, element) in elements.enumerated() {
                let fieldName = keyed ? try name(element.key) : fields[index].name
                guard let field = fields.first(where: { $0.name == fieldName }) else {
                    throw ReflectionError.invalidValue(path: path, message: "struct \(definition.name) has no field \(fieldName) (fields: \(fields.map(\.name).joined(separator: ", ")))")
                }
                members.append((key: field.name, value: try json(element.value, field.type, path: "\(path).\(field.name)", depth: depth + 1)))
            }
            return .object(members)
        case .union(let definition):
            let arms = try members(of: definition)
            guard elements.count == 1, let element = elements.first else {
                throw ReflectionError.invalidValue(path: path, message: "a union \(definition.name) literal has one arm: {Arm: value}")
            }
            let armName = try name(element.key)
            guard let arm = arms.first(where: { $0.name == armName }) else {
                throw ReflectionError.invalidValue(path: path, message: "union \(definition.name) has no arm \(armName) (arms: \(arms.map(\.name).joined(separator: ", ")))")
            }
            return .object([(key: arm.name, value: try json(element.value, arm.type, path: "\(path).\(arm.name)", depth: depth + 1))])
        case .list(let e), .array(_, let e), .set(let e):
            return .array(try elements.enumerated().map { index, element in
                guard element.key == nil else { throw ReflectionError.invalidValue(path: path, message: "\(type) elements have no keys") }
                return try json(element.value, e, path: "\(path)[\(index)]", depth: depth + 1)
            })
        case .bytes, .fixedBytes:
            return .array(try elements.map { element in
                guard element.key == nil else { throw ReflectionError.invalidValue(path: path, message: "\(type) elements have no keys") }
                return try json(element.value, .builtin(.byte), path: path, depth: depth + 1)
            })
        case .map(let k, let v):
            return .array(try elements.map { element in
                guard let key = element.key else { throw ReflectionError.invalidValue(path: path, message: "\(type) entries are key: value") }
                return .array([try json(key, k, path: "\(path) key", depth: depth + 1), try json(element.value, v, path: "\(path)[...]", depth: depth + 1)])
            })
        default:
            throw ReflectionError.invalidValue(path: path, message: "a composite literal {...} is not a value of \(type)")
        }
    }
}

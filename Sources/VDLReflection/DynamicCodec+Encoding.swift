import Foundation
import VDLRPC
import VDLWire

/// The encoding of one value as a codec writes it (for length-delimited kinds: the length
/// prefix and the body), with what a field writer needs to know about it.
struct Payload {
    var wireType: WireType
    var bytes: [UInt8]
    /// The codec's default: a singular field holding it is omitted.
    var isDefault: Bool
    /// Equal to the type's zero value (decides whether an enclosing struct or array is zero).
    var isZero: Bool
    /// Varint and fixed kinds: repeated fields of them are packed.
    var packable: Bool

    /// The value as field `number`: tag, then the payload.
    func field(_ number: Int) -> [UInt8] {
        var writer = ProtoWriter(reservingCapacity: bytes.count + 5)
        writer.writeTag(number, wireType)
        writer.writeRawBytes(bytes)
        return writer.bytes
    }

    static func varint(_ v: UInt64, isDefault: Bool) -> Payload {
        var writer = ProtoWriter(reservingCapacity: 10)
        writer.writeVarint(v)
        return Payload(wireType: .varint, bytes: writer.bytes, isDefault: isDefault, isZero: isDefault, packable: true)
    }

    /// A length-delimited payload: the varint length, then `body`.
    static func delimited(_ body: [UInt8], isDefault: Bool, isZero: Bool? = nil) -> Payload {
        var writer = ProtoWriter(reservingCapacity: body.count + 5)
        writer.writeVarint(UInt64(body.count))
        writer.writeRawBytes(body)
        return Payload(wireType: .lengthDelimited, bytes: writer.bytes, isDefault: isDefault, isZero: isZero ?? isDefault, packable: false)
    }
}

extension DynamicCodec {
    static let maxDepth = 100
    static let retryActions: [RetryAction] = [.noRetry, .retryConnection, .retryRefetch, .retryBackoff]

    func mismatch(_ path: String, _ expected: String, _ value: JSONValue) -> ReflectionError {
        .mismatch(path: path, expected: expected, got: value.summary)
    }

    // MARK: Fields

    /// Writes `value` as field `number` of a message the way generated code writes a struct field
    /// or argument of this type; returns whether the value is the type's zero value.
    func writeField(_ value: JSONValue, _ type: TypeExpression, number: Int, path: String, depth: Int, into writer: inout ProtoWriter) throws -> Bool {
        guard depth < Self.maxDepth else { throw ReflectionError.invalidValue(path: path, message: "nested more than \(Self.maxDepth) deep") }
        switch try shape(type, at: path) {
        case .list(let e):
            let items = try elements(value, type, e, path: path, depth: depth)
            writer.writeRawBytes(Self.repeated(items, field: number))
            return items.isEmpty
        case .array(let n, let e):
            let items = try elements(value, type, e, path: path, depth: depth)
            try Self.checkCount(items.count, n, "[\(n)]\(e)", path)
            if !items.allSatisfy(\.isDefault) { writer.writeRawBytes(Self.repeated(items, field: number)) }
            return items.allSatisfy(\.isZero)
        case .fixedBytes(let n):
            let bytes = try self.bytes(value, type, path: path)
            try Self.checkCount(bytes.count, n, "[\(n)]byte", path)
            let zero = bytes.allSatisfy { $0 == 0 }
            if !zero { writer.writeRawBytes(Payload.delimited(bytes, isDefault: false).field(number)) }
            return zero
        case .set(let k):
            let items = try elements(value, type, k, path: path, depth: depth)
            writer.writeRawBytes(Self.set(items, field: number))
            return items.isEmpty
        case .map(let k, let v):
            let entries = try mapEntries(value, type, k, v, path: path, depth: depth)
            writer.writeRawBytes(Self.map(entries, field: number))
            return entries.isEmpty
        case .optional(let e):
            if value == .null { return true }
            writer.writeRawBytes(try element(value, e, path: path, depth: depth + 1).field(number))
            return false
        case .error:
            if value == .null { return true }
            writer.writeRawBytes(Payload.delimited(try errorBody(value, path: path, depth: depth), isDefault: false).field(number))
            return false
        default:
            let payload = try element(value, type, path: path, depth: depth)
            if !payload.isDefault { writer.writeRawBytes(payload.field(number)) }
            return payload.isZero
        }
    }

    /// A repeated field: one packed run for packable kinds, else one tagged value per element.
    static func repeated(_ items: [Payload], field: Int) -> [UInt8] {
        guard let first = items.first else { return [] }
        var writer = ProtoWriter()
        if first.packable {
            let run = items.flatMap(\.bytes)
            writer.writeTag(field, .lengthDelimited)
            writer.writeVarint(UInt64(run.count))
            writer.writeRawBytes(run)
        } else {
            for item in items {
                writer.writeTag(field, item.wireType)
                writer.writeRawBytes(item.bytes)
            }
        }
        return writer.bytes
    }

    /// A set: equal elements once, ordered by their encoded bytes.
    static func set(_ items: [Payload], field: Int) -> [UInt8] {
        var seen: Set<[UInt8]> = []
        let unique = items.filter { seen.insert($0.bytes).inserted }
        return repeated(unique.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }, field: field)
    }

    /// A map: entry messages `{ key = 1; value = 2; }` (zero parts omitted) ordered by the
    /// encoded key field; a repeated key keeps its last value.
    static func map(_ entries: [(key: Payload, value: Payload)], field: Int) -> [UInt8] {
        var byKey: [[UInt8]: Int] = [:]
        var bodies: [(key: [UInt8], body: [UInt8])] = []
        for entry in entries {
            let key = entry.key.isDefault ? [] : entry.key.field(1)
            let body = key + (entry.value.isDefault ? [] : entry.value.field(2))
            if let index = byKey[entry.key.bytes] {
                bodies[index] = (key, body)
            } else {
                byKey[entry.key.bytes] = bodies.count
                bodies.append((key, body))
            }
        }
        bodies.sort { a, b in
            if a.key != b.key { return a.key.lexicographicallyPrecedes(b.key) }
            return a.body.lexicographicallyPrecedes(b.body)
        }
        var writer = ProtoWriter()
        for entry in bodies {
            writer.writeTag(field, .lengthDelimited)
            writer.writeVarint(UInt64(entry.body.count))
            writer.writeRawBytes(entry.body)
        }
        return writer.bytes
    }

    static func checkCount(_ got: Int, _ expected: Int, _ type: String, _ path: String) throws {
        guard got == expected else {
            throw ReflectionError.invalidValue(path: path, message: "array \(type) needs exactly \(expected) elements, got \(got)")
        }
    }

    // MARK: Elements

    func elements(_ value: JSONValue, _ type: TypeExpression, _ element: TypeExpression, path: String, depth: Int) throws -> [Payload] {
        guard case .array(let items) = value else { throw mismatch(path, "a JSON array for \(type)", value) }
        var result: [Payload] = []
        for (index, item) in items.enumerated() {
            result.append(try self.element(item, element, path: "\(path)[\(index)]", depth: depth + 1))
        }
        return result
    }

    func mapEntries(_ value: JSONValue, _ type: TypeExpression, _ key: TypeExpression, _ element: TypeExpression, path: String, depth: Int) throws -> [(key: Payload, value: Payload)] {
        var pairs: [(key: JSONValue, value: JSONValue, path: String)] = []
        switch value {
        case .object(let members):
            let stringKeys: Bool
            if case .string = try shape(key) { stringKeys = true } else { stringKeys = false }
            for member in members {
                // Non-string keys may be written as JSON text in the object key: {"1": "one"}.
                let keyValue = stringKeys ? JSONValue.string(member.key) : ((try? JSONValue(parsing: member.key)) ?? .string(member.key))
                pairs.append((keyValue, member.value, "\(path)[\(JSONValue.string(member.key))]"))
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                guard case .array(let pair) = item, pair.count == 2 else {
                    throw mismatch("\(path)[\(index)]", "a [key, value] pair for an entry of \(type)", item)
                }
                pairs.append((pair[0], pair[1], "\(path)[\(pair[0])]"))
            }
        default:
            throw mismatch(path, "a JSON object or an array of [key, value] pairs for \(type)", value)
        }
        var result: [(key: Payload, value: Payload)] = []
        for pair in pairs {
            result.append((try self.element(pair.key, key, path: "\(pair.path) key", depth: depth + 1),
                           try self.element(pair.value, element, path: pair.path, depth: depth + 1)))
        }
        return result
    }

    /// One value as the element codec of its type writes it (lists and maps inside wrappers).
    func element(_ value: JSONValue, _ type: TypeExpression, path: String, depth: Int) throws -> Payload {
        guard depth < Self.maxDepth else { throw ReflectionError.invalidValue(path: path, message: "nested more than \(Self.maxDepth) deep") }
        switch try shape(type, at: path) {
        case .bool:
            guard case .bool(let b) = value else { throw mismatch(path, "true or false for \(type)", value) }
            return .varint(b ? 1 : 0, isDefault: !b)
        case .unsigned(let bits):
            let n = try unsigned(value, bits: bits, type, path: path)
            return .varint(n, isDefault: n == 0)
        case .signed(let bits):
            let n = try signed(value, bits: bits, type, path: path)
            return .varint(UInt64(bitPattern: (n << 1) ^ (n >> 63)), isDefault: n == 0)
        case .float32:
            // Parsed as a Float directly: going through Double could round twice.
            let f: Float
            if case .number(let text) = value, let parsed = Float(text) {
                guard parsed.isFinite else { throw ReflectionError.invalidValue(path: path, message: "\(text) is out of range for \(type)") }
                f = parsed
            } else {
                f = Float(try float(value, bits: 32, type, path: path))
            }
            var writer = ProtoWriter(reservingCapacity: 4)
            writer.writeFixed32(f.bitPattern)
            return Payload(wireType: .fixed32, bytes: writer.bytes, isDefault: f.bitPattern == 0, isZero: f == 0, packable: true)
        case .float64:
            let d = try float(value, bits: 64, type, path: path)
            var writer = ProtoWriter(reservingCapacity: 8)
            writer.writeFixed64(d.bitPattern)
            return Payload(wireType: .fixed64, bytes: writer.bytes, isDefault: d.bitPattern == 0, isZero: d == 0, packable: true)
        case .string:
            guard case .string(let s) = value else { throw mismatch(path, "a JSON string for \(type)", value) }
            return .delimited(Array(s.utf8), isDefault: s.isEmpty)
        case .typeobject:
            guard case .string(let s) = value else { throw mismatch(path, "a JSON string (a VDL type) for \(type)", value) }
            let spelling = s == "any" ? "" : s  // the zero typeobject, `any`, is the empty string
            return .delimited(Array(spelling.utf8), isDefault: spelling.isEmpty)
        case .bytes:
            let b = try bytes(value, type, path: path)
            return .delimited(b, isDefault: b.isEmpty)
        case .fixedBytes(let n):
            let b = try bytes(value, type, path: path)
            try Self.checkCount(b.count, n, "[\(n)]byte", path)
            let zero = b.allSatisfy { $0 == 0 }
            return .delimited(zero ? [] : b, isDefault: zero)
        case .list(let e):
            let items = try elements(value, type, e, path: path, depth: depth)
            return .delimited(Self.repeated(items, field: 1), isDefault: items.isEmpty)
        case .array(let n, let e):
            let items = try elements(value, type, e, path: path, depth: depth)
            try Self.checkCount(items.count, n, "[\(n)]\(e)", path)
            let zero = items.allSatisfy(\.isZero)
            return .delimited(zero ? [] : Self.repeated(items, field: 1), isDefault: zero)
        case .set(let k):
            let items = try elements(value, type, k, path: path, depth: depth)
            return .delimited(Self.set(items, field: 1), isDefault: items.isEmpty)
        case .map(let k, let v):
            let entries = try mapEntries(value, type, k, v, path: path, depth: depth)
            return .delimited(Self.map(entries, field: 1), isDefault: entries.isEmpty)
        case .optional(let e):
            if value == .null { return .delimited([], isDefault: true) }
            return .delimited(try element(value, e, path: path, depth: depth + 1).field(1), isDefault: false)
        case .error:
            if value == .null { return .delimited([], isDefault: true) }
            return .delimited(try errorBody(value, path: path, depth: depth), isDefault: false)
        case .any:
            let any = try self.any(value, path: path, depth: depth)
            return .delimited(try serialize(any, path), isDefault: any.isZeroValue)
        case .structure(let definition):
            let (body, zero) = try structBody(value, definition, path: path, depth: depth)
            return .delimited(body, isDefault: zero)
        case .union(let definition):
            let (body, zero) = try unionBody(value, definition, path: path, depth: depth)
            return .delimited(body, isDefault: zero)
        case .enumeration(let definition):
            guard case .string(let label) = value else { throw mismatch(path, "a label of \(type) (\(definition.labels.joined(separator: ", ")))", value) }
            guard let index = definition.labels.firstIndex(of: label) else {
                throw ReflectionError.invalidValue(path: path, message: "enum \(definition.name) has no label \(label) (labels: \(definition.labels.joined(separator: ", ")))")
            }
            return .varint(UInt64(index), isDefault: index == 0)
        }
    }

    // MARK: Messages

    func structBody(_ value: JSONValue, _ definition: TypeDescriptor, path: String, depth: Int) throws -> (bytes: [UInt8], isZero: Bool) {
        guard case .object(let members) = value else { throw mismatch(path, "a JSON object for struct \(definition.name)", value) }
        let fields = try self.members(of: definition)
        for member in members where !fields.contains(where: { $0.name == member.key }) {
            throw ReflectionError.invalidValue(path: path, message: "struct \(definition.name) has no field \(member.key) (fields: \(fields.map(\.name).joined(separator: ", ")))")
        }
        var writer = ProtoWriter()
        var zero = true
        for field in fields {
            guard let fieldValue = value[field.name] else { continue }
            if !(try writeField(fieldValue, field.type, number: field.number, path: "\(path).\(field.name)", depth: depth + 1, into: &writer)) {
                zero = false
            }
        }
        return (writer.bytes, zero)
    }

    func unionBody(_ value: JSONValue, _ definition: TypeDescriptor, path: String, depth: Int) throws -> (bytes: [UInt8], isZero: Bool) {
        let arms = try self.members(of: definition)
        let names = arms.map(\.name).joined(separator: ", ")
        guard case .object(let members) = value, members.count == 1, let member = members.first else {
            throw mismatch(path, "an object with one arm of union \(definition.name) ({\"Arm\": value}; arms: \(names))", value)
        }
        guard let index = arms.firstIndex(where: { $0.name == member.key }) else {
            throw ReflectionError.invalidValue(path: path, message: "union \(definition.name) has no arm \(member.key) (arms: \(names))")
        }
        let arm = arms[index]
        let payload = try element(member.value, arm.type, path: "\(path).\(arm.name)", depth: depth + 1)
        return (payload.field(arm.number), index == 0 && payload.isZero)
    }

    func errorBody(_ value: JSONValue, path: String, depth: Int) throws -> [UInt8] {
        guard case .object(let members) = value else {
            throw mismatch(path, "null or an object {\"id\", \"retryAction\", \"message\", \"params\"} for error", value)
        }
        var error = VDLError()
        for member in members {
            let memberPath = "\(path).\(member.key)"
            switch member.key {
            case "id", "message":
                guard case .string(let s) = member.value else { throw mismatch(memberPath, "a JSON string", member.value) }
                if member.key == "id" { error.id = s } else { error.message = s }
            case "retryAction":
                guard case .string(let label) = member.value,
                      let action = Self.retryActions.first(where: { $0.vdlLabel == label }) else {
                    throw mismatch(memberPath, "one of \(Self.retryActions.map(\.vdlLabel).joined(separator: ", "))", member.value)
                }
                error.retryAction = action
            case "params":
                guard case .array(let items) = member.value else { throw mismatch(memberPath, "a JSON array of any values", member.value) }
                for (index, item) in items.enumerated() {
                    error.parameters.append(try any(item, path: "\(memberPath)[\(index)]", depth: depth + 1))
                }
            default:
                throw ReflectionError.invalidValue(path: path, message: "an error has no member \(member.key) (members: id, retryAction, message, params)")
            }
        }
        return try serialize(error, path)
    }

    /// `null`, or `{"type": "<VDL type>", "value": v}` (or `"bytes": base64` of the encoded value).
    func any(_ value: JSONValue, path: String, depth: Int) throws -> VDLAny {
        if value == .null { return VDLAny() }
        guard case .object = value, case .string(let typeName)? = value["type"] else {
            throw mismatch(path, "null or {\"type\": \"<VDL type>\", \"value\": ...} for any", value)
        }
        if let raw = value["bytes"] {
            return VDLAny(typeName: typeName, value: try bytes(raw, .builtin(.any), path: "\(path).bytes"))
        }
        let type: TypeExpression
        do { type = try TypeExpression(parsing: typeName) } catch { throw ReflectionError.invalidValue(path: "\(path).type", message: "\(error)") }
        let payload = try element(value["value"] ?? .null, type, path: "\(path).value", depth: depth + 1)
        return VDLAny(typeName: type.description, value: payload.isDefault ? [] : payload.field(1))
    }

    func serialize(_ message: some VDLMessage, _ path: String) throws -> [UInt8] {
        do { return try message.serializedBytes() } catch { throw ReflectionError.invalidValue(path: path, message: "\(error)") }
    }

    // MARK: Scalars

    func signed(_ value: JSONValue, bits: Int, _ type: TypeExpression, path: String) throws -> Int64 {
        guard case .number(let text) = value else { throw mismatch(path, "a JSON number for \(type)", value) }
        let min = bits == 64 ? Int64.min : -(Int64(1) << (bits - 1))
        let max = bits == 64 ? Int64.max : (Int64(1) << (bits - 1)) - 1
        guard let n = Int64(text) ?? Self.integral(text) else { throw Self.notInteger(text, type, path) }
        guard n >= min, n <= max else { throw ReflectionError.invalidValue(path: path, message: "\(text) is out of range for \(type) (\(min)...\(max))") }
        return n
    }

    func unsigned(_ value: JSONValue, bits: Int, _ type: TypeExpression, path: String) throws -> UInt64 {
        guard case .number(let text) = value else { throw mismatch(path, "a JSON number for \(type)", value) }
        let max = bits == 64 ? UInt64.max : (UInt64(1) << bits) - 1
        guard let n = UInt64(text) ?? Self.integral(text).flatMap({ UInt64(exactly: $0) }) else {
            if text.hasPrefix("-") || Int64(text) != nil { throw ReflectionError.invalidValue(path: path, message: "\(text) is out of range for \(type) (0...\(max))") }
            throw Self.notInteger(text, type, path)
        }
        guard n <= max else { throw ReflectionError.invalidValue(path: path, message: "\(text) is out of range for \(type) (0...\(max))") }
        return n
    }

    /// `1e3` and `2.0` are integers too, when a double holds them exactly.
    static func integral(_ text: String) -> Int64? {
        guard let d = Double(text), d.rounded() == d, abs(d) <= 9_007_199_254_740_992 else { return nil }
        return Int64(exactly: d)
    }

    static func notInteger(_ text: String, _ type: TypeExpression, _ path: String) -> ReflectionError {
        if text.allSatisfy({ $0.isNumber || $0 == "-" }) {
            return .invalidValue(path: path, message: "\(text) is out of range for \(type)")
        }
        return .mismatch(path: path, expected: "an integer for \(type)", got: text)
    }

    func float(_ value: JSONValue, bits: Int, _ type: TypeExpression, path: String) throws -> Double {
        switch value {
        case .number(let text):
            guard let d = Double(text) else { throw mismatch(path, "a number for \(type)", value) }
            if bits == 32, d.isFinite, !Float(d).isFinite {
                throw ReflectionError.invalidValue(path: path, message: "\(text) is out of range for \(type)")
            }
            return d
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: throw mismatch(path, "a JSON number (or \"NaN\", \"Infinity\", \"-Infinity\") for \(type)", value)
        }
    }

    func bytes(_ value: JSONValue, _ type: TypeExpression, path: String) throws -> [UInt8] {
        switch value {
        case .string(let text):
            guard let data = Data(base64Encoded: text) else {
                throw ReflectionError.invalidValue(path: path, message: "\(value.summary) is not base64 (for \(type))")
            }
            return [UInt8](data)
        case .array(let items):
            var result: [UInt8] = []
            for (index, item) in items.enumerated() {
                guard case .number(let text) = item, let b = UInt8(text) else {
                    throw mismatch("\(path)[\(index)]", "a byte (0...255)", item)
                }
                result.append(b)
            }
            return result
        default:
            throw mismatch(path, "a base64 JSON string or an array of bytes for \(type)", value)
        }
    }
}

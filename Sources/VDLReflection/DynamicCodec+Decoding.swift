import Foundation
import VDLRPC
import VDLWire

extension DynamicCodec {
    typealias Member = (name: String, type: TypeExpression, number: Int)

    /// Runs `body`, reporting wire errors as malformed input at `path`.
    func wire<R>(_ path: String, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as ReflectionError {
            throw error
        } catch {
            throw ReflectionError.malformed(path: path, message: "\(error)")
        }
    }

    func decodeFields(_ bytes: [UInt8], _ fields: [Member], paths: [String]) throws -> [JSONValue] {
        try wire(paths.first ?? "message") {
            try bytes.withUnsafeBytes { raw in
                var reader = ProtoReader(raw)
                return try readFields(&reader, fields, paths: paths, depth: 0)
            }
        }
    }

    /// What has been read of one field so far.
    enum Accumulator {
        case items([JSONValue])
        case entries([(key: JSONValue, value: JSONValue)])
        case single(JSONValue?)
    }

    func readFields(_ reader: inout ProtoReader, _ fields: [Member], paths: [String], depth: Int) throws -> [JSONValue] {
        guard depth < Self.maxDepth else { throw ReflectionError.malformed(path: paths.first ?? "message", message: "nested more than \(Self.maxDepth) deep") }
        var accumulators: [Accumulator] = []
        for field in fields {
            switch try shape(field.type) {
            case .list, .array, .set: accumulators.append(.items([]))
            case .map: accumulators.append(.entries([]))
            default: accumulators.append(.single(nil))
            }
        }
        while let tag = try reader.nextField() {
            guard let index = fields.firstIndex(where: { $0.number == tag.number }) else {
                try reader.skip(tag)
                continue
            }
            let field = fields[index]
            let path = paths[index]
            switch try shape(field.type) {
            case .list(let e), .array(_, let e), .set(let e):
                guard case .items(var items) = accumulators[index] else { continue }
                try readRepeated(tag, &reader, e, into: &items, path: path, depth: depth)
                accumulators[index] = .items(items)
            case .map(let k, let v):
                guard case .entries(var entries) = accumulators[index] else { continue }
                entries.append(try readEntry(tag, &reader, k, v, path: path, depth: depth))
                accumulators[index] = .entries(entries)
            case .optional(let e):
                try expectWireType(tag, .lengthDelimited, field.type, path)
                accumulators[index] = .single(try readElement(&reader, e, path: path, depth: depth + 1))
            default:
                accumulators[index] = .single(try readTagged(tag, &reader, field.type, path: path, depth: depth + 1))
            }
        }
        var result: [JSONValue] = []
        for (index, field) in fields.enumerated() {
            result.append(try finish(accumulators[index], field.type, path: paths[index], depth: depth))
        }
        return result
    }

    func finish(_ accumulator: Accumulator, _ type: TypeExpression, path: String, depth: Int) throws -> JSONValue {
        switch accumulator {
        case .single(let value?): return value
        case .single(nil): return try zero(type, depth: depth)
        case .items(let items):
            if case .array(let n, let e) = try shape(type) {
                if items.isEmpty { return .array(try Array(repeating: zero(e, depth: depth + 1), count: n)) }
                guard items.count == n else {
                    throw ReflectionError.malformed(path: path, message: "array \(type) needs exactly \(n) elements, got \(items.count)")
                }
            }
            return .array(items)
        case .entries(let entries):
            guard case .map(let k, _) = try shape(type), case .string = try shape(k) else {
                return .array(entries.map { .array([$0.key, $0.value]) })
            }
            var members: [(key: String, value: JSONValue)] = []
            for entry in entries {
                guard case .string(let key) = entry.key else { continue }
                if let index = members.firstIndex(where: { $0.key == key }) {
                    members[index].value = entry.value
                } else {
                    members.append((key: key, value: entry.value))
                }
            }
            return .object(members)
        }
    }

    /// The wire type of one value and whether repeated values of it are packed.
    func wireInfo(_ shape: Shape) -> (wireType: WireType, packable: Bool) {
        switch shape {
        case .bool, .unsigned, .signed, .enumeration: return (.varint, true)
        case .float32: return (.fixed32, true)
        case .float64: return (.fixed64, true)
        default: return (.lengthDelimited, false)
        }
    }

    func expectWireType(_ tag: FieldTag, _ expected: WireType, _ type: TypeExpression, _ path: String) throws {
        guard tag.wireType == expected else {
            throw ReflectionError.malformed(path: path, message: "field \(tag.number) has wire type \(tag.wireType), but \(type) needs \(expected)")
        }
    }

    func readTagged(_ tag: FieldTag, _ reader: inout ProtoReader, _ type: TypeExpression, path: String, depth: Int) throws -> JSONValue {
        try expectWireType(tag, wireInfo(try shape(type)).wireType, type, path)
        return try readElement(&reader, type, path: path, depth: depth)
    }

    /// One occurrence of a repeated field: a packed run or one value.
    func readRepeated(_ tag: FieldTag, _ reader: inout ProtoReader, _ element: TypeExpression, into items: inout [JSONValue], path: String, depth: Int) throws {
        let (wireType, packable) = wireInfo(try shape(element))
        if tag.wireType == wireType {
            items.append(try readElement(&reader, element, path: "\(path)[\(items.count)]", depth: depth + 1))
        } else if packable && tag.wireType == .lengthDelimited {
            var packed = ProtoReader(try reader.readLengthDelimitedBytes())
            while !packed.isAtEnd {
                items.append(try readElement(&packed, element, path: "\(path)[\(items.count)]", depth: depth + 1))
            }
        } else {
            try expectWireType(tag, wireType, element, path)
        }
    }

    func readEntry(_ tag: FieldTag, _ reader: inout ProtoReader, _ k: TypeExpression, _ v: TypeExpression, path: String, depth: Int) throws -> (key: JSONValue, value: JSONValue) {
        try expectWireType(tag, .lengthDelimited, .map(k, v), path)
        return try reader.readNested { nested in
            var key: JSONValue?
            var value: JSONValue?
            while let entryTag = try nested.nextField() {
                switch entryTag.number {
                case 1: key = try readTagged(entryTag, &nested, k, path: "\(path) key", depth: depth + 1)
                case 2: value = try readTagged(entryTag, &nested, v, path: "\(path)[\(key ?? .null)]", depth: depth + 1)
                default: try nested.skip(entryTag)
                }
            }
            return (try key ?? zero(k, depth: depth + 1), try value ?? zero(v, depth: depth + 1))
        }
    }

    /// Reads one value's payload (its tag already read and checked).
    func readElement(_ reader: inout ProtoReader, _ type: TypeExpression, path: String, depth: Int) throws -> JSONValue {
        guard depth < Self.maxDepth else { throw ReflectionError.malformed(path: path, message: "nested more than \(Self.maxDepth) deep") }
        switch try shape(type) {
        case .bool:
            return .bool(try reader.readVarint() != 0)
        case .unsigned(let bits):
            let v = try reader.readVarint()
            guard bits == 64 || v <= (UInt64(1) << bits) - 1 else {
                throw ReflectionError.malformed(path: path, message: "value out of range: \(v) does not fit in \(type)")
            }
            return .number(String(v))
        case .signed(let bits):
            let raw = try reader.readVarint()
            let n = Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
            guard bits == 64 || (n >= -(Int64(1) << (bits - 1)) && n < (Int64(1) << (bits - 1))) else {
                throw ReflectionError.malformed(path: path, message: "value out of range: \(n) does not fit in \(type)")
            }
            return .number(String(n))
        case .float32:
            let f = Float(bitPattern: try reader.readFixed32())
            return Self.floatJSON(Double(f), text: "\(f)")
        case .float64:
            let d = Double(bitPattern: try reader.readFixed64())
            return Self.floatJSON(d, text: "\(d)")
        case .string:
            return .string(try string(&reader, path: path))
        case .typeobject:
            let s = try string(&reader, path: path)
            return .string(s.isEmpty ? "any" : s)
        case .bytes:
            return .string(Data(try reader.readLengthDelimitedBytes()).base64EncodedString())
        case .fixedBytes(let n):
            let b = [UInt8](try reader.readLengthDelimitedBytes())
            if b.isEmpty { return .string(Data(count: n).base64EncodedString()) }
            guard b.count == n else { throw ReflectionError.malformed(path: path, message: "array \(type) needs exactly \(n) elements, got \(b.count)") }
            return .string(Data(b).base64EncodedString())
        case .list(let e), .array(_, let e), .set(let e):
            let items: [JSONValue] = try reader.readNested { nested in
                var items: [JSONValue] = []
                while let tag = try nested.nextField() {
                    if tag.number == 1 { try readRepeated(tag, &nested, e, into: &items, path: path, depth: depth) } else { try nested.skip(tag) }
                }
                return items
            }
            return try finish(.items(items), type, path: path, depth: depth)
        case .map(let k, let v):
            let entries: [(key: JSONValue, value: JSONValue)] = try reader.readNested { nested in
                var entries: [(key: JSONValue, value: JSONValue)] = []
                while let tag = try nested.nextField() {
                    if tag.number == 1 { entries.append(try readEntry(tag, &nested, k, v, path: path, depth: depth)) } else { try nested.skip(tag) }
                }
                return entries
            }
            return try finish(.entries(entries), type, path: path, depth: depth)
        case .optional(let e):
            return try reader.readNested { nested in
                var value = JSONValue.null
                while let tag = try nested.nextField() {
                    if tag.number == 1 { value = try readTagged(tag, &nested, e, path: path, depth: depth + 1) } else { try nested.skip(tag) }
                }
                return value
            }
        case .error:
            let error = try MessageCodec<VDLError>.read(from: &reader)
            return error.isZeroValue ? .null : errorJSON(error, path: path, depth: depth)
        case .any:
            return anyJSON(try MessageCodec<VDLAny>.read(from: &reader), path: path, depth: depth)
        case .structure(let definition):
            return try reader.readNested { try decodeStruct(&$0, definition, path: path, depth: depth) }
        case .union(let definition):
            return try reader.readNested { try decodeUnion(&$0, definition, path: path, depth: depth) }
        case .enumeration(let definition):
            let raw = Int64(bitPattern: try reader.readVarint())
            guard raw >= 0, raw < definition.labels.count else {
                throw ReflectionError.malformed(path: path, message: "enum \(definition.name) has no value \(raw)")
            }
            return .string(definition.labels[Int(raw)])
        }
    }

    /// The fields of a struct message (not length-prefixed), as an object keyed by field name.
    func decodeStruct(_ reader: inout ProtoReader, _ definition: TypeDescriptor, path: String, depth: Int) throws -> JSONValue {
        let fields = try members(of: definition)
        let values = try readFields(&reader, fields, paths: fields.map { "\(path).\($0.name)" }, depth: depth + 1)
        return .object(zip(fields, values).map { (key: $0.name, value: $1) })
    }

    /// A union message (not length-prefixed): the last arm present, else the first arm's zero value.
    func decodeUnion(_ reader: inout ProtoReader, _ definition: TypeDescriptor, path: String, depth: Int) throws -> JSONValue {
        let arms = try members(of: definition)
        var chosen: (name: String, value: JSONValue)?
        while let tag = try reader.nextField() {
            guard let arm = arms.first(where: { $0.number == tag.number }) else {
                try reader.skip(tag)
                continue
            }
            chosen = (arm.name, try readTagged(tag, &reader, arm.type, path: "\(path).\(arm.name)", depth: depth + 1))
        }
        if let chosen { return .object([(key: chosen.name, value: chosen.value)]) }
        guard let first = arms.first else { return .object([]) }
        return .object([(key: first.name, value: try zero(first.type, depth: depth + 1))])
    }

    func string(_ reader: inout ProtoReader, path: String) throws -> String {
        let raw = try reader.readLengthDelimitedBytes()
        guard let s = String(validating: raw, as: UTF8.self) else {
            throw ReflectionError.malformed(path: path, message: "invalid UTF-8 in a string")
        }
        return s
    }

    static func floatJSON(_ d: Double, text: String) -> JSONValue {
        if d.isNaN { return .string("NaN") }
        if d.isInfinite { return .string(d > 0 ? "Infinity" : "-Infinity") }
        return .number(text)
    }

    func errorJSON(_ error: VDLError, path: String, depth: Int) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            (key: "id", value: .string(error.id)), (key: "retryAction", value: .string(error.retryAction.vdlLabel)),
            (key: "message", value: .string(error.message)),
        ]
        if !error.parameters.isEmpty {
            members.append((key: "params", value: .array(error.parameters.enumerated().map { anyJSON($1, path: "\(path).params[\($0)]", depth: depth + 1) })))
        }
        return .object(members)
    }

    /// `{"type": T, "value": v}`; `{"type": T, "bytes": base64}` when the signature does not
    /// define T; null for a nil any.
    func anyJSON(_ any: VDLAny, path: String, depth: Int) -> JSONValue {
        if any.isZeroValue { return .null }
        if depth < Self.maxDepth, let type = try? TypeExpression(parsing: any.typeName),
           let values = try? decodeFields(any.value, [(name: path, type: type, number: 1)], paths: [path]), let value = values.first {
            return .object([(key: "type", value: .string(any.typeName)), (key: "value", value: value)])
        }
        return .object([(key: "type", value: .string(any.typeName)), (key: "bytes", value: .string(Data(any.value).base64EncodedString()))])
    }

    /// The JSON form of a type's zero value.
    public func zero(_ type: TypeExpression, depth: Int = 0) throws -> JSONValue {
        guard depth < Self.maxDepth else { throw ReflectionError.invalidType(type.description, "nested more than \(Self.maxDepth) deep") }
        switch try shape(type) {
        case .bool: return .bool(false)
        case .unsigned, .signed, .float32, .float64: return .number("0")
        case .string, .bytes: return .string("")
        case .typeobject: return .string("any")
        case .fixedBytes(let n): return .string(Data(count: n).base64EncodedString())
        case .list, .set: return .array([])
        case .array(let n, let e): return .array(try Array(repeating: zero(e, depth: depth + 1), count: n))
        case .map(let k, _):
            if case .string = try shape(k) { return .object([]) }
            return .array([])
        case .optional, .error, .any: return .null
        case .structure(let definition):
            return .object(try members(of: definition).map { (key: $0.name, value: try zero($0.type, depth: depth + 1)) })
        case .union(let definition):
            guard let first = try members(of: definition).first else { return .object([]) }
            return .object([(key: first.name, value: try zero(first.type, depth: depth + 1))])
        case .enumeration(let definition):
            return .string(definition.labels.first ?? "")
        }
    }
}

import VDLRPC
import VDLWire

/// Converts between JSON and the proto3 encoding of VDL values, driven by type spellings and the
/// type definitions of a signature instead of generated code. The bytes are identical to what the
/// generated codec writes for the same value (docs/idl.md §10), so `vrpc` can call any method.
///
/// JSON forms: `bool` → true/false; integers → numbers (range-checked); floats → numbers, or
/// `"NaN"`, `"Infinity"`, `"-Infinity"`; `string` and `typeobject` → strings; `[]byte`/`[N]byte` →
/// base64 strings (an array of numbers is accepted too); lists, arrays and sets → arrays; maps →
/// objects when the key is a string type, else arrays of `[key, value]` pairs; `?T` → null or the
/// value; structs → objects keyed by field name (missing fields are zero); unions →
/// `{"Arm": value}`; enums → the label; `any` → `{"type": "<VDL type>", "value": ...}` or null;
/// `error` → null or `{"id": ..., "retryAction": "NoRetry", "message": ..., "params": [any...]}`.
public struct DynamicCodec: Sendable {
    /// The named types the codec can convert, by qualified name.
    public let types: [String: TypeDescriptor]

    /// A codec for these named types (the first definition of a name wins).
    public init(types: [TypeDescriptor]) {
        self.types = Dictionary(types.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A codec for the types of every service (as `__Signature` returns them).
    public init(services: [ServiceDescriptor]) {
        self.init(types: services.flatMap(\.types))
    }

    /// How a type is encoded, once defined types are looked through.
    indirect enum Shape {
        case bool
        case unsigned(bits: Int)
        case signed(bits: Int)
        case float32, float64
        case string, typeobject, any, error
        case bytes
        case fixedBytes(Int)
        case list(TypeExpression)
        case array(Int, TypeExpression)
        case set(TypeExpression)
        case map(TypeExpression, TypeExpression)
        case optional(TypeExpression)
        case structure(TypeDescriptor)
        case union(TypeDescriptor)
        case enumeration(TypeDescriptor)
    }

    func shape(_ type: TypeExpression) throws(ReflectionError) -> Shape {
        var current = type
        for _ in 0..<64 {
            switch current {
            case .builtin(let b):
                switch b {
                case .bool: return .bool
                case .byte: return .unsigned(bits: 8)
                case .uint16: return .unsigned(bits: 16)
                case .uint32: return .unsigned(bits: 32)
                case .uint64: return .unsigned(bits: 64)
                case .int8: return .signed(bits: 8)
                case .int16: return .signed(bits: 16)
                case .int32: return .signed(bits: 32)
                case .int64: return .signed(bits: 64)
                case .float32: return .float32
                case .float64: return .float64
                case .string: return .string
                case .typeobject: return .typeobject
                case .any: return .any
                case .error: return .error
                }
            // Only a literal `byte` element makes bytes; a defined type over byte is a packed list.
            case .list(.builtin(.byte)): return .bytes
            case .array(let n, .builtin(.byte)): return .fixedBytes(n)
            case .list(let e): return .list(e)
            case .array(let n, let e): return .array(n, e)
            case .set(let k): return .set(k)
            case .map(let k, let v): return .map(k, v)
            case .optional(let e): return .optional(e)
            case .named(let name):
                guard let definition = types[name] else { throw .unknownType(name) }
                switch definition.kind {
                case .structure: return .structure(definition)
                case .union: return .union(definition)
                case .enumeration: return .enumeration(definition)
                case .defined:
                    guard let underlying = definition.underlying else {
                        throw .invalidType(name, "the definition has no underlying type")
                    }
                    current = try TypeExpression(parsing: underlying)
                }
            }
        }
        throw .invalidType(type.description, "defined types nest more than 64 deep")
    }

    /// `shape(type)`, with a missing or broken definition reported at `path`.
    func shape(_ type: TypeExpression, at path: String) throws -> Shape {
        do {
            return try shape(type)
        } catch {
            throw ReflectionError.invalidValue(path: path, message: "\(error)")
        }
    }

    /// The fields of a struct or arms of a union, parsed.
    func members(of definition: TypeDescriptor) throws(ReflectionError) -> [(name: String, type: TypeExpression, number: Int)] {
        var result: [(name: String, type: TypeExpression, number: Int)] = []
        for field in definition.fields {
            result.append((field.name, try TypeExpression(parsing: field.type), field.number))
        }
        return result
    }

    // MARK: Public conversions

    /// The proto3 encoding of a struct or union value (what its generated `serializedBytes()` gives).
    public func encodeMessage(_ value: JSONValue, as typeName: String, path: String = "value") throws -> [UInt8] {
        let type = try TypeExpression(parsing: typeName)
        switch try shape(type) {
        case .structure(let definition): return try structBody(value, definition, path: path, depth: 0).bytes
        case .union(let definition): return try unionBody(value, definition, path: path, depth: 0).bytes
        default: throw ReflectionError.invalidType(typeName, "not a struct or union")
        }
    }

    /// Decodes the proto3 encoding of a struct or union value to JSON.
    public func decodeMessage(_ bytes: [UInt8], as typeName: String, path: String = "value") throws -> JSONValue {
        let type = try TypeExpression(parsing: typeName)
        return try wire(path) {
            try bytes.withUnsafeBytes { raw in
                var reader = ProtoReader(raw)
                switch try shape(type) {
                case .structure(let definition): return try decodeStruct(&reader, definition, path: path, depth: 0)
                case .union(let definition): return try decodeUnion(&reader, definition, path: path, depth: 0)
                default: throw ReflectionError.invalidType(typeName, "not a struct or union")
                }
            }
        }
    }

    /// The message `{ T value = 1; }` holding `value` with the zero value omitted: the `value`
    /// bytes of a VDL `any` holding it.
    public func encodeValue(_ value: JSONValue, as type: String, path: String = "value") throws -> [UInt8] {
        let payload = try element(value, try TypeExpression(parsing: type), path: path, depth: 0)
        return payload.isDefault ? [] : payload.field(1)
    }

    /// Decodes the message `{ T value = 1; }` (an absent field is the zero value).
    public func decodeValue(_ bytes: [UInt8], as type: String, path: String = "value") throws -> JSONValue {
        try decodeFields(bytes, [(name: path, type: try TypeExpression(parsing: type), number: 1)], paths: [path])[0]
    }

    /// The request message of a method: `values[i]` is argument `i`. Checks the count.
    public func encodeArguments(_ values: [JSONValue], for method: MethodDescriptor) throws -> [UInt8] {
        guard values.count == method.inArgs.count else {
            throw ReflectionError.argumentCount("\(method.name) takes \(Self.count(method.inArgs.count, "argument"))\(Self.list(method.inArgs)), got \(values.count)")
        }
        var writer = ProtoWriter()
        for (index, (value, argument)) in zip(values, method.inArgs).enumerated() {
            let path = "argument \(index + 1) (\(argument.name))"
            let type: TypeExpression
            do { type = try TypeExpression(parsing: argument.type) } catch { throw ReflectionError.invalidValue(path: path, message: "\(error)") }
            _ = try writeField(value, type, number: argument.number, path: path, depth: 0, into: &writer)
        }
        return writer.bytes
    }

    /// The results of a method, decoded from its response message, in order.
    public func decodeResults(_ bytes: [UInt8], for method: MethodDescriptor) throws -> [JSONValue] {
        var fields: [(name: String, type: TypeExpression, number: Int)] = []
        for argument in method.outArgs {
            fields.append((argument.name, try TypeExpression(parsing: argument.type), argument.number))
        }
        return try decodeFields(bytes, fields, paths: method.outArgs.enumerated().map { "result \($0.offset + 1) (\($0.element.name))" })
    }

    /// One stream item `{ T value = 1; }`, the value written even when it is zero (as the runtime does).
    public func encodeStreamItem(_ value: JSONValue, as type: String, path: String = "stream item") throws -> [UInt8] {
        try element(value, try TypeExpression(parsing: type), path: path, depth: 0).field(1)
    }

    /// Decodes one stream item.
    public func decodeStreamItem(_ bytes: [UInt8], as type: String, path: String = "stream item") throws -> JSONValue {
        try decodeValue(bytes, as: type, path: path)
    }

    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    static func list(_ arguments: [ArgumentDescriptor]) -> String {
        arguments.isEmpty ? "" : " (" + arguments.map { "\($0.name) \($0.type)" }.joined(separator: ", ") + ")"
    }
}

extension DynamicCodec {
    /// Whether values of the type are JSON strings: `string` or a type defined over it.
    public func isString(_ type: String) -> Bool {
        guard let parsed = try? TypeExpression(parsing: type), case .string? = try? shape(parsed) else { return false }
        return true
    }
}

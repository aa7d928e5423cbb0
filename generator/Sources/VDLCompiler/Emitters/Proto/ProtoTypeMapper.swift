/// How VDL types appear in proto3, collecting the wrapper messages nested containers need.
struct ProtoTypeMapper {
    struct Wrapper {
        let comment: String
        let fields: [String]
    }

    let module: IRModule
    let package: String
    private(set) var importedFiles: Set<String> = []
    private var wrappers: [String: Wrapper] = [:]
    private var wrapperOrder: [String] = []

    init(module: IRModule, package: String) {
        self.module = module
        self.package = package
    }

    mutating func nextPendingWrapper(excluding emitted: Set<String>) -> (String, Wrapper)? {
        guard let name = wrapperOrder.first(where: { !emitted.contains($0) }), let wrapper = wrappers[name] else { return nil }
        return (name, wrapper)
    }

    /// A reference to a message of another (or this) package.
    mutating func messageReference(_ owner: QualifiedName, _ message: String) -> String {
        if owner.package == package { return message }
        importedFiles.insert(ProtoNames.file(owner.package))
        return ".\(ProtoNames.package(owner.package)).\(message)"
    }

    /// The scalar proto type of a primitive, or a built-in message.
    private mutating func primitive(_ p: Primitive) -> String {
        switch p {
        case .bool: return "bool"
        case .byte, .uint16, .uint32: return "uint32"
        case .uint64: return "uint64"
        case .int8, .int16, .int32: return "sint32"
        case .int64: return "sint64"
        case .float32: return "float"
        case .float64: return "double"
        case .string, .typeobject: return "string"
        case .any:
            importedFiles.insert(ProtoEmitter.builtinFile)
            return ".vdl.Any"
        case .error:
            importedFiles.insert(ProtoEmitter.builtinFile)
            return ".vdl.Error"
        }
    }

    /// The type of a field declaration, with `repeated` or `map<>` when the field is a container.
    mutating func fieldType(_ type: VDLType) -> String {
        switch module.underlying(type) {
        case .list(.primitive(.byte)), .array(_, .primitive(.byte)):
            return "bytes"
        case .list(let e), .array(_, let e), .set(let e):
            return "repeated \(elementType(e))"
        case .map(let k, let v):
            if let key = mapKeyType(k) { return "map<\(key), \(elementType(v))>" }
            return "repeated \(entryMessage(k, v))"
        case .optional(let e):
            // A message field already has presence: absent is nil.
            return elementType(e)
        default:
            return elementType(type)
        }
    }

    /// The type of one value where proto cannot nest a container: containers become wrapper messages.
    mutating func elementType(_ type: VDLType) -> String {
        switch type {
        case .primitive(let p): return primitive(p)
        case .named(let name):
            guard let definition = module.types[name] else { return "bytes" }
            if case .defined(let inner) = definition.kind { return elementType(inner) }
            return messageReference(name, name.name)
        case .list(.primitive(.byte)), .array(_, .primitive(.byte)):
            return "bytes"
        case .list(let e), .array(_, let e):
            let name = "ListOf\(token(e))"
            if reserve(name, comment: "A list of \(e) where proto3 cannot nest a repeated field.") {
                setField(of: name, "repeated \(elementType(e)) value = 1;")
            }
            return name
        case .set(let k):
            let name = "SetOf\(token(k))"
            if reserve(name, comment: "A set of \(k) where proto3 cannot nest a repeated field.") {
                setField(of: name, "repeated \(elementType(k)) value = 1;")
            }
            return name
        case .map(let k, let v):
            let name = "MapOf\(token(k))To\(token(v))"
            if reserve(name, comment: "A map[\(k)]\(v) where proto3 cannot nest a map.") {
                setField(of: name, "\(fieldType(.map(k, v))) value = 1;")
            }
            return name
        case .optional(let e):
            let name = "OptionalOf\(token(e))"
            if reserve(name, comment: "An optional \(e) where proto3 cannot express presence: no field means nil.") {
                setField(of: name, "\(elementType(e)) value = 1;")
            }
            return name
        }
    }

    /// Proto map keys must be integral, bool or string.
    private mutating func mapKeyType(_ key: VDLType) -> String? {
        guard case .primitive(let p) = module.underlying(key) else { return nil }
        switch p {
        case .bool, .string, .typeobject, .byte, .int8, .int16, .int32, .int64, .uint16, .uint32, .uint64: return primitive(p)
        default: return nil
        }
    }

    /// Maps with other keys are repeated entries with the same wire form as a proto map.
    private mutating func entryMessage(_ key: VDLType, _ value: VDLType) -> String {
        let name = "MapOf\(token(key))To\(token(value))Entry"
        guard wrappers[name] == nil else { return name }
        let keyType = elementType(key)
        let valueType = elementType(value)
        return register(name, Wrapper(
            comment: "One entry of a map[\(key)]\(value); proto3 maps cannot have this key type.",
            fields: ["\(keyType) key = 1;", "\(valueType) value = 2;"]))
    }

    /// Claims a wrapper name before its field is rendered (the field may need further wrappers);
    /// false when it already exists.
    private mutating func reserve(_ name: String, comment: String) -> Bool {
        guard wrappers[name] == nil else { return false }
        wrappers[name] = Wrapper(comment: comment, fields: [])
        wrapperOrder.append(name)
        return true
    }

    private mutating func setField(of name: String, _ field: String) {
        guard let wrapper = wrappers[name] else { return }
        wrappers[name] = Wrapper(comment: wrapper.comment, fields: [field])
    }

    private mutating func register(_ name: String, _ wrapper: Wrapper) -> String {
        if wrappers[name] == nil { wrapperOrder.append(name) }
        wrappers[name] = wrapper
        return name
    }

    /// A name fragment for a type: `Int32`, `Point`, `AccessTag`, `ListOfString`.
    func token(_ type: VDLType) -> String {
        switch type {
        case .primitive(let p): return SwiftNames.upperCamel(p.rawValue)
        case .named(let name):
            return name.package == package ? name.name : SwiftNames.upperCamel(module.package(name.package)?.name ?? "") + name.name
        case .list(.primitive(.byte)): return "Bytes"
        case .list(let e): return "ListOf\(token(e))"
        case .array(let n, let e): return "Array\(n)Of\(token(e))"
        case .set(let k): return "SetOf\(token(k))"
        case .map(let k, let v): return "MapOf\(token(k))To\(token(v))"
        case .optional(let e): return "OptionalOf\(token(e))"
        }
    }

    /// How a defined type's fields look on the wire, for the comment in the .proto.
    mutating func describe(_ type: VDLType) -> String {
        fieldType(type)
    }
}

/// How VDL types appear in generated Swift: spellings, wire codecs, zero values, and the
/// statements that write and read a field.
struct SwiftTypeMapper {
    let module: IRModule
    /// The package being emitted: its own types are spelled without the namespace.
    let package: String

    /// The namespace enum of a package (`examples/fortune`, package `fortune` → `Fortune`).
    func namespace(of path: String) -> String {
        SwiftNames.upperCamel(module.package(path)?.name ?? String(path.split(separator: "/").last ?? ""))
    }

    /// The Swift name of a named type as seen from the package being emitted.
    func typeName(_ name: QualifiedName) -> String {
        name.package == package ? name.name : "\(namespace(of: name.package)).\(name.name)"
    }

    /// The Swift type of a VDL type.
    func swiftType(_ type: VDLType) -> String {
        switch type {
        case .primitive(let p): return Self.swiftPrimitive(p)
        case .list(let e), .array(_, let e): return "[\(swiftType(e))]"
        case .set(let k): return "Set<\(swiftType(k))>"
        case .map(let k, let v): return "[\(swiftType(k)): \(swiftType(v))]"
        case .optional(let e): return "\(swiftType(e))?"
        case .named(let name): return typeName(name)
        }
    }

    static func swiftPrimitive(_ p: Primitive) -> String {
        switch p {
        case .bool: return "Bool"
        case .byte: return "UInt8"
        case .int8: return "Int8"
        case .int16: return "Int16"
        case .int32: return "Int32"
        case .int64: return "Int64"
        case .uint16: return "UInt16"
        case .uint32: return "UInt32"
        case .uint64: return "UInt64"
        case .float32: return "Float"
        case .float64: return "Double"
        case .string: return "String"
        case .any: return "VDLAny"
        case .typeobject: return "VDLTypeObject"
        case .error: return "VDLError?"
        }
    }

    /// The codec that writes one value of the type as a proto3 field (nested containers become wrapper messages).
    func codec(_ type: VDLType) -> String {
        switch type {
        case .primitive(let p):
            switch p {
            case .bool: return "BoolCodec"
            case .byte, .uint16, .uint32, .uint64: return "VarintCodec<\(Self.swiftPrimitive(p))>"
            case .int8, .int16, .int32, .int64: return "ZigZagCodec<\(Self.swiftPrimitive(p))>"
            case .float32: return "FloatCodec"
            case .float64: return "DoubleCodec"
            case .string: return "StringCodec"
            case .any: return "MessageCodec<VDLAny>"
            case .typeobject: return "VDLTypeObject.WireCodec"
            case .error: return "NilableErrorCodec"
            }
        case .list(let e):
            return isByte(e) ? "BytesCodec" : "ListCodec<\(codec(e))>"
        case .array(let n, let e):
            return isByte(e) ? "FixedBytesCodec<\(n)>" : "ArrayCodec<\(n), \(codec(e))>"
        case .set(let k): return "SetCodec<\(codec(k))>"
        case .map(let k, let v): return "MapCodec<\(codec(k)), \(codec(v))>"
        case .optional(let e): return "OptionalCodec<\(codec(e))>"
        case .named(let name):
            if case .defined(let inner)? = module.types[name]?.kind, !isNewtype(name) { return codec(inner) }
            return "\(typeName(name)).WireCodec"
        }
    }

    func isByte(_ type: VDLType) -> Bool {
        if case .primitive(.byte) = type { return true }
        return false
    }

    /// Named bool, number and string types become wrapper structs; other defined types become typealiases.
    func isNewtype(_ name: QualifiedName) -> Bool {
        guard case .defined(let inner)? = module.types[name]?.kind, case .primitive(let p) = module.underlying(inner) else { return false }
        return p == .bool || p == .string || p.isNumeric
    }

    /// The Swift expression of a type's zero value.
    func zeroValue(_ type: VDLType) -> String {
        switch type {
        case .primitive(let p):
            switch p {
            case .bool: return "false"
            case .string: return "\"\""
            case .float32, .float64: return "0"
            case .any: return "VDLAny()"
            // The zero typeobject is `any`, spelled as the empty string so that it is omitted on the wire.
            case .typeobject: return "VDLTypeObject(rawValue: \"\")"
            case .error: return "nil"
            default: return "0"
            }
        case .list: return "[]"
        case .array(let n, let e): return n == 0 ? "[]" : "Array(repeating: \(zeroValue(e)), count: \(n))"
        case .set: return "[]"
        case .map: return "[:]"
        case .optional: return "nil"
        case .named(let name):
            switch module.types[name]?.kind {
            case .enumeration(let labels)?: return "\(typeName(name)).\(SwiftNames.lowerCamel(labels.first?.name ?? "unknown"))"
            case .defined(let inner)? where !isNewtype(name): return zeroValue(inner)
            default: return "\(typeName(name))()"
            }
        }
    }

    /// The field's shape on the wire once defined types are looked through.
    enum FieldShape {
        case singular(codec: String)
        case bytesArray(count: Int)
        case repeated(codec: String)
        case array(count: Int, codec: String)
        case set(codec: String)
        case map(key: String, value: String)
        case optional(codec: String)
    }

    func shape(_ type: VDLType) -> FieldShape {
        switch module.underlying(type) {
        case .list(let e) where !isByte(e): return .repeated(codec: codec(e))
        case .array(let n, let e): return isByte(e) ? .bytesArray(count: n) : .array(count: n, codec: codec(e))
        case .set(let k): return .set(codec: codec(k))
        case .map(let k, let v): return .map(key: codec(k), value: codec(v))
        case .optional(let e): return .optional(codec: codec(e))
        case .primitive(.error): return .optional(codec: "MessageCodec<VDLError>")
        default: return .singular(codec: codec(type))
        }
    }

    /// The statement that writes a struct field or argument `value` (omitting defaults).
    func writeStatement(_ value: String, type: VDLType, number: Int, owner: String) -> String {
        switch shape(type) {
        case .singular(let c): return "try writer.write(\(value), field: \(number), as: \(c).self)"
        case .bytesArray(let n):
            // All-zero arrays are omitted like every other zero value; decoding restores them.
            return "if \(value) != \(zeroValue(type)) { try writer.write(ProtoWriter.checkedByteArray(\(value), count: \(n), type: \(SwiftNames.stringLiteral(owner))), field: \(number), as: BytesCodec.self) }"
        case .repeated(let c): return "try writer.writeRepeated(\(value), field: \(number), as: \(c).self)"
        case .array(let n, let c):
            return "if \(value) != \(zeroValue(type)) { try writer.writeArray(\(value), count: \(n), field: \(number), as: \(c).self) }"
        case .set(let c): return "try writer.writeSet(\(value), field: \(number), as: \(c).self)"
        case .map(let k, let v): return "try writer.writeMap(\(value), field: \(number), key: \(k).self, value: \(v).self)"
        case .optional(let c): return "try writer.writeOptional(\(value), field: \(number), as: \(c).self)"
        }
    }

    /// The statement that reads field `tag` into the variable `target`.
    func readStatement(_ target: String, type: VDLType) -> String {
        switch shape(type) {
        case .singular(let c): return "\(target) = try reader.read(tag, as: \(c).self)"
        case .bytesArray: return "\(target) = try reader.read(tag, as: BytesCodec.self)"
        case .repeated(let c): return "try reader.readRepeated(tag, as: \(c).self, into: &\(target))"
        case .array(_, let c): return "try reader.readArray(tag, as: \(c).self, into: &\(target))"
        case .set(let c): return "try reader.readSet(tag, as: \(c).self, into: &\(target))"
        case .map(let k, let v): return "try reader.readMapEntry(tag, key: \(k).self, value: \(v).self, into: &\(target))"
        case .optional(let c): return "\(target) = try reader.read(tag, as: \(c).self)"
        }
    }

    /// Before any field is read: fixed-size arrays start empty, so decoded elements replace the zero fill.
    func prepareStatement(_ target: String, type: VDLType) -> String? {
        if case .array = shape(type) { return "\(target) = []" }
        return nil
    }

    /// After all fields are read: fixed-size arrays get their length checked (empty means all zero).
    func finishStatement(_ target: String, type: VDLType, owner: String) -> String? {
        switch shape(type) {
        case .array(let n, let c): return "try ProtoReader.checkArray(&\(target), count: \(n), as: \(c).self)"
        case .bytesArray(let n):
            return "\(target) = try ProtoReader.checkedByteArray(\(target), count: \(n), type: \(SwiftNames.stringLiteral(owner)))"
        default: return nil
        }
    }
}

extension DeclarationEmitter {
    mutating func emitType(_ type: TypeDefinition) {
        switch type.kind {
        case .structure(let fields): emitStruct(type, fields: fields)
        case .union(let arms): emitUnion(type, arms: arms)
        case .enumeration(let labels): emitEnum(type, labels: labels)
        case .defined(let inner):
            if mapper.isNewtype(type.name) {
                emitNewtype(type, underlying: inner)
            } else {
                writer.comment(type.doc)
                writer.line("/// VDL: `type \(type.name.name) \(inner.spelled(from: package.path))`.")
                writer.line("public typealias \(type.name.name) = \(mapper.swiftType(inner))")
            }
        }
    }

    private mutating func typeNameProperty(_ type: TypeDefinition) {
        writer.line("public static var vdlTypeName: String { \(SwiftNames.stringLiteral(type.name.description)) }")
    }

    /// `self.name` for a field (keywords stay escaped: `self.\`self\``).
    private func member(_ name: String) -> String {
        "self." + SwiftNames.lowerCamel(name)
    }

    /// The `switch tag.number { case N: ... default: skip }` loop body of a decoder.
    private mutating func emitFieldSwitch(_ cases: [(number: Int, statement: String)]) {
        writer.open("while let tag = try reader.nextField()")
        if cases.isEmpty {
            writer.line("try reader.skip(tag)")
        } else {
            writer.line("switch tag.number {")
            for (number, statement) in cases {
                writer.line("case \(number):")
                writer.indent()
                writer.line(statement)
                writer.dedent()
            }
            writer.line("default:")
            writer.indent()
            writer.line("try reader.skip(tag)")
            writer.dedent()
            writer.line("}")
        }
        writer.close()
    }

    /// A struct (also used for method argument messages): fields, memberwise init, encode, decode.
    mutating func emitMessageStruct(name: String, vdlTypeName: String, doc: String, fields: [FieldDefinition], ownerForErrors: String) {
        writer.comment(doc)
        writer.open("public struct \(name): VDLMessage")
        writer.line("public static var vdlTypeName: String { \(SwiftNames.stringLiteral(vdlTypeName)) }")
        for field in fields {
            writer.line()
            writer.comment(field.doc)
            let box = field.isRecursive ? "@VDLBox " : ""
            writer.line("\(box)public var \(SwiftNames.lowerCamel(field.name)): \(mapper.swiftType(field.type))")
        }
        writer.line()
        if fields.isEmpty {
            writer.line("public init() {}")
        } else {
            let parameters = fields.map { "\(SwiftNames.lowerCamel($0.name)): \(mapper.swiftType($0.type)) = \(mapper.zeroValue($0.type))" }
            writer.open("public init(\(parameters.joined(separator: ", ")))")
            for field in fields {
                writer.line("\(member(field.name)) = \(SwiftNames.lowerCamel(field.name))")
            }
            writer.close()
            writer.line()
            writer.open("public init()")
            let zeros = fields.map { "\(SwiftNames.lowerCamel($0.name).trimmingCharacters(in: "`")): \(mapper.zeroValue($0.type))" }
            writer.line("self.init(\(zeros.joined(separator: ", ")))")
            writer.close()
        }
        writer.line()
        writer.open("public func encode(to writer: inout ProtoWriter) throws")
        for field in fields {
            writer.line(mapper.writeStatement(member(field.name), type: field.type, number: field.number, owner: "\(ownerForErrors).\(field.name)"))
        }
        writer.close()
        writer.line()
        writer.open("public init(from reader: inout ProtoReader) throws")
        writer.line("self.init()")
        for field in fields {
            if let prepare = mapper.prepareStatement(member(field.name), type: field.type) { writer.line(prepare) }
        }
        emitFieldSwitch(fields.map { ($0.number, mapper.readStatement(member($0.name), type: $0.type)) })
        for field in fields {
            if let finish = mapper.finishStatement(member(field.name), type: field.type, owner: "\(ownerForErrors).\(field.name)") {
                writer.line(finish)
            }
        }
        writer.close()
        writer.close()
    }

    private mutating func emitStruct(_ type: TypeDefinition, fields: [FieldDefinition]) {
        emitMessageStruct(name: type.name.name, vdlTypeName: type.name.description, doc: type.doc, fields: fields, ownerForErrors: type.name.description)
    }

    private mutating func emitUnion(_ type: TypeDefinition, arms: [FieldDefinition]) {
        writer.comment(type.doc)
        writer.open("public enum \(type.name.name): VDLMessage")
        for arm in arms {
            writer.comment(arm.doc)
            let indirect = arm.isRecursive ? "indirect " : ""
            writer.line("\(indirect)case \(SwiftNames.lowerCamel(arm.name))(\(mapper.swiftType(arm.type)))")
        }
        writer.line()
        typeNameProperty(type)
        if let first = arms.first {
            writer.line()
            writer.line("/// The zero value: the first arm with its zero value.")
            writer.open("public init()")
            writer.line("self = .\(SwiftNames.lowerCamel(first.name).trimmingCharacters(in: "`"))(\(mapper.zeroValue(first.type)))")
            writer.close()
        }
        writer.line()
        writer.open("public func encode(to writer: inout ProtoWriter) throws")
        writer.line("switch self {")
        for arm in arms {
            writer.line("case .\(SwiftNames.lowerCamel(arm.name).trimmingCharacters(in: "`"))(let value):")
            writer.indent()
            writer.line("try writer.writePresent(value, field: \(arm.number), as: \(mapper.codec(arm.type)).self)")
            writer.dedent()
        }
        writer.line("}")
        writer.close()
        writer.line()
        writer.open("public init(from reader: inout ProtoReader) throws")
        writer.line("self.init()")
        emitFieldSwitch(arms.map {
            ($0.number, "self = .\(SwiftNames.lowerCamel($0.name).trimmingCharacters(in: "`"))(try reader.read(tag, as: \(mapper.codec($0.type)).self))")
        })
        writer.close()
        writer.close()
    }

    private mutating func emitEnum(_ type: TypeDefinition, labels: [EnumLabelDefinition]) {
        writer.comment(type.doc)
        writer.open("public enum \(type.name.name): Int32, VDLEnum")
        for (index, label) in labels.enumerated() {
            writer.comment(label.doc)
            writer.line("case \(SwiftNames.lowerCamel(label.name)) = \(index)")
        }
        writer.line()
        typeNameProperty(type)
        writer.line()
        writer.line("/// The label as written in the IDL.")
        writer.open("public var vdlLabel: String")
        writer.line("switch self {")
        for label in labels {
            writer.line("case .\(SwiftNames.lowerCamel(label.name).trimmingCharacters(in: "`")): return \(SwiftNames.stringLiteral(label.name))")
        }
        writer.line("}")
        writer.close()
        writer.close()
    }

    private mutating func emitNewtype(_ type: TypeDefinition, underlying: VDLType) {
        guard case .primitive(let p) = mapper.module.underlying(underlying) else { return }
        let raw = mapper.swiftType(underlying)
        let (literalProtocol, literalParameter): (String, String)
        switch p {
        case .bool: (literalProtocol, literalParameter) = ("ExpressibleByBooleanLiteral", "booleanLiteral value: Bool")
        case .string: (literalProtocol, literalParameter) = ("ExpressibleByStringLiteral", "stringLiteral value: String")
        case .float32, .float64: (literalProtocol, literalParameter) = ("ExpressibleByFloatLiteral", "floatLiteral value: \(raw)")
        default: (literalProtocol, literalParameter) = ("ExpressibleByIntegerLiteral", "integerLiteral value: \(raw)")
        }
        writer.comment(type.doc)
        writer.line("/// VDL: `type \(type.name.name) \(underlying.spelled(from: package.path))`.")
        writer.open("public struct \(type.name.name): VDLNewtype, \(literalProtocol), CustomStringConvertible")
        writer.line("public typealias UnderlyingCodec = \(mapper.codec(underlying))")
        typeNameProperty(type)
        writer.line()
        writer.line("public var rawValue: \(raw)")
        writer.line()
        writer.line("public init(rawValue: \(raw)) { self.rawValue = rawValue }")
        writer.line("public init() { self.init(rawValue: \(mapper.zeroValue(underlying))) }")
        writer.line("public init(\(literalParameter)) { self.init(rawValue: value) }")
        writer.line("public var description: String { String(describing: rawValue) }")
        writer.close()
    }
}

extension String {
    func trimmingCharacters(in character: Character) -> String {
        var result = Substring(self)
        while result.first == character { result = result.dropFirst() }
        while result.last == character { result = result.dropLast() }
        return String(result)
    }
}

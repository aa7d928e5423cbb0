import VDLWire

extension ServiceDescriptor {
    /// The interface as `__Signature` sends it.
    public var signature: Signature.Interface {
        Signature.Interface(
            name: fullName, doc: doc, embeds: embeds,
            methods: methods.map(\.signature), types: types.map(\.signature))
    }

    /// The descriptor an interface received from `__Signature` stands for.
    public init(signature: Signature.Interface) {
        self.init(
            fullName: signature.name, doc: signature.doc, embeds: signature.embeds,
            methods: signature.methods.map(MethodDescriptor.init(signature:)),
            types: signature.types.map(TypeDescriptor.init(signature:)))
    }
}

extension MethodDescriptor {
    /// The method as `__Signature` sends it.
    public var signature: Signature.Method {
        Signature.Method(
            interface: interface, name: name, doc: doc,
            inArgs: inArgs.map { Signature.Arg(name: $0.name, type: .spelled($0.type), number: UInt32(clamping: $0.number)) },
            outArgs: outArgs.map { Signature.Arg(name: $0.name, type: .spelled($0.type), number: UInt32(clamping: $0.number)) },
            inStream: inStream.map { Signature.Arg(type: .spelled($0)) },
            outStream: outStream.map { Signature.Arg(type: .spelled($0)) },
            tags: tags)
    }

    /// The descriptor a method received from `__Signature` stands for.
    public init(signature: Signature.Method) {
        self.init(
            interface: signature.interface, name: signature.name,
            kind: StreamingKind(clientStreams: signature.inStream != nil, serverStreams: signature.outStream != nil),
            tags: signature.tags,
            inArgs: signature.inArgs.map { ArgumentDescriptor(name: $0.name, type: $0.type.spelling, number: Int($0.number)) },
            outArgs: signature.outArgs.map { ArgumentDescriptor(name: $0.name, type: $0.type.spelling, number: Int($0.number)) },
            inStream: signature.inStream?.type.spelling, outStream: signature.outStream?.type.spelling,
            doc: signature.doc)
    }
}

extension TypeDescriptor {
    /// The type definition as `__Signature` sends it.
    public var signature: Signature.TypeDef {
        let wireKind: Signature.TypeKind
        switch kind {
        case .structure: wireKind = .`struct`
        case .union: wireKind = .union
        case .enumeration: wireKind = .`enum`
        case .defined: wireKind = .defined
        }
        return Signature.TypeDef(
            name: name, kind: wireKind,
            fields: fields.map { Signature.Field(name: $0.name, type: .spelled($0.type), number: UInt32(clamping: $0.number), doc: $0.doc) },
            labels: labels, underlying: underlying.map(VDLTypeObject.spelled) ?? VDLTypeObject(rawValue: ""), doc: doc)
    }

    /// The descriptor a type definition received from `__Signature` stands for.
    public init(signature: Signature.TypeDef) {
        let kind: Kind
        switch signature.kind {
        case .`struct`: kind = .structure
        case .union: kind = .union
        case .`enum`: kind = .enumeration
        case .defined: kind = .defined
        }
        self.init(
            name: signature.name, kind: kind,
            fields: signature.fields.map { Field(name: $0.name, type: $0.type.spelling, number: Int($0.number), doc: $0.doc) },
            labels: signature.labels,
            underlying: kind == .defined ? signature.underlying.spelling : nil,
            doc: signature.doc)
    }
}

extension VDLTypeObject {
    /// The type object of a VDL spelling; `any` is the zero type object (the empty string).
    static func spelled(_ type: String) -> VDLTypeObject {
        VDLTypeObject(rawValue: type == "any" ? "" : type)
    }

    /// The VDL spelling, `any` for the zero type object.
    var spelling: String { rawValue.isEmpty ? "any" : rawValue }
}

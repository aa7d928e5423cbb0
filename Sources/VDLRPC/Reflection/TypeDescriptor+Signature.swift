import VDLWire

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

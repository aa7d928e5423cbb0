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

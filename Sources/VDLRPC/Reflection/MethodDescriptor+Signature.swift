import VDLWire

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

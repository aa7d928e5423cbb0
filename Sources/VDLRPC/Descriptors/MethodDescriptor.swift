import VDLWire

/// Everything the runtime knows about one method, generated from the IDL.
public struct MethodDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// `<package path>.<Interface>/<Method>` of the interface that declares the method, e.g.
    /// `examples/fortune.Fortune/Add`. This is the name carried on the wire. A reserved method
    /// (`__Signature`) has no interface and its full name is its bare name.
    public let fullName: String
    /// The method name as declared (`Add`).
    public let name: String
    /// `<package path>.<Interface>` of the declaring interface.
    public let interface: String
    public let kind: StreamingKind
    /// The method's tags (`{access.Write}`), each as a typed value.
    public let tags: [VDLAny]
    public let inArgs: [ArgumentDescriptor]
    public let outArgs: [ArgumentDescriptor]
    /// The stream element types in VDL syntax, when the method streams.
    public let inStream: String?
    public let outStream: String?
    /// The IDL doc comment.
    public let doc: String

    public init(
        interface: String, name: String, kind: StreamingKind, tags: [VDLAny] = [],
        inArgs: [ArgumentDescriptor] = [], outArgs: [ArgumentDescriptor] = [],
        inStream: String? = nil, outStream: String? = nil, doc: String = ""
    ) {
        self.fullName = interface.isEmpty ? name : "\(interface)/\(name)"
        self.name = name
        self.interface = interface
        self.kind = kind
        self.tags = tags
        self.inArgs = inArgs
        self.outArgs = outArgs
        self.inStream = inStream
        self.outStream = outStream
        self.doc = doc
    }

    /// The tags of one VDL type, decoded (e.g. every `access.Tag` of the method).
    public func tags<T: VDLValue>(of type: T.Type) -> [T] {
        tags.compactMap { $0.typeName == T.vdlTypeName ? try? $0.decode(as: T.self) : nil }
    }

    public var description: String { fullName }
}

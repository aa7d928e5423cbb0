import VDLSecurity
import VDLWire

/// The reserved method every server answers: `__Signature` returns every interface the server
/// serves, with methods, arguments, tags, doc comments and type definitions (docs/wire.md).
public enum Reflection {
    /// The method name on the wire. Reserved methods have no interface: the name is bare.
    public static let signatureMethodName = "__Signature"

    /// The descriptor of `__Signature`: unary, no arguments, one result (`signature.Reply`), and
    /// the tag `access.Read`, so a permissions authorizer lets those with Read access read the
    /// signature and the default authorizer those it lets call at all.
    public static let signatureMethod = MethodDescriptor(
        interface: "", name: signatureMethodName, kind: .unary,
        tags: [VDLAny.constant(Access.read, typeName: Access.Tag.vdlTypeName, as: Access.Tag.WireCodec.self)],
        outArgs: [ArgumentDescriptor(name: "Interfaces", type: "[]signature.Interface", number: 1)],
        doc: "__Signature returns every interface the server serves.")

    /// The handler that answers `__Signature` with these services (the request is ignored).
    public static func signatureHandler(serving services: [ServiceDescriptor]) -> MethodHandler {
        let reply = Signature.Reply(interfaces: services.map(\.signature))
        return MethodHandler(descriptor: signatureMethod) { _, _, _ in
            try reply.serializedBytes()
        }
    }
}

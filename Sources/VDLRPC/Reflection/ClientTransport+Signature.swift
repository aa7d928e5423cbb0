import VDLWire

extension ClientTransport {
    /// Calls the reserved method `__Signature`: every interface the server serves, rebuilt as
    /// descriptors (methods with their tags, arguments and docs, and the named types they use).
    ///
    /// - Parameter object: the object name on the server (empty: the server's default object).
    public func signature(object: String = "", options: CallOptions = CallOptions()) async throws -> [ServiceDescriptor] {
        let request = CallRequest(method: Reflection.signatureMethod, object: object, options: options)
        let (_, response) = try await call(request, arguments: []) { _ in }
        let reply: Signature.Reply
        do {
            reply = try Signature.Reply(serializedBytes: response)
        } catch {
            throw StandardErrors.badProtocol("cannot decode the results of \(Reflection.signatureMethodName): \(error)")
        }
        return reply.interfaces.map(ServiceDescriptor.init(signature:))
    }
}

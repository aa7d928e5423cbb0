import VDLWire

extension ClientTransport {
    /// A unary call with typed messages.
    public func unary<Request: VDLMessage, Response: VDLMessage>(
        _ method: MethodDescriptor, object: String, request: Request, options: CallOptions
    ) async throws -> Response {
        let arguments = try request.serializedBytes()
        let (_, response) = try await call(CallRequest(method: method, object: object, options: options), arguments: arguments) { _ in }
        return try Response(serializedBytes: response)
    }

    /// A streaming call: `body` sends and receives typed stream values while the call runs.
    public func streaming<Request: VDLMessage, Response: VDLMessage, Outgoing: ProtoCodec, Incoming: ProtoCodec>(
        _ method: MethodDescriptor, object: String, request: Request, options: CallOptions,
        outgoing: Outgoing.Type, incoming: Incoming.Type,
        body: @Sendable (ClientStream<Outgoing.Value, Incoming.Value>) async throws -> Void
    ) async throws -> Response {
        let arguments = try request.serializedBytes()
        let (_, response) = try await call(CallRequest(method: method, object: object, options: options), arguments: arguments) { raw in
            try await body(ClientStream(raw: raw, outgoing: Outgoing.self, incoming: Incoming.self))
        }
        return try Response(serializedBytes: response)
    }
}

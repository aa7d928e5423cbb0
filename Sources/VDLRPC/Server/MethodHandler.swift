import VDLWire

/// One method's server-side entry point: decodes the arguments, runs the implementation, encodes
/// the results. Generated `registration(_:)` functions build these.
public struct MethodHandler: Sendable {
    public let descriptor: MethodDescriptor
    public let handle: @Sendable (_ arguments: [UInt8], _ stream: any RawServerStream, _ context: ServerCallContext) async throws -> [UInt8]

    public init(
        descriptor: MethodDescriptor,
        handle: @escaping @Sendable (_ arguments: [UInt8], _ stream: any RawServerStream, _ context: ServerCallContext) async throws -> [UInt8]
    ) {
        self.descriptor = descriptor
        self.handle = handle
    }

    /// A method without streams.
    public static func unary<Request: VDLMessage, Response: VDLMessage>(
        _ descriptor: MethodDescriptor,
        _ body: @escaping @Sendable (Request, ServerCallContext) async throws -> Response
    ) -> MethodHandler {
        MethodHandler(descriptor: descriptor) { arguments, _, context in
            let request = try Self.decodeArguments(Request.self, arguments, descriptor)
            return try await body(request, context).serializedBytes()
        }
    }

    /// A method with a stream in one or both directions.
    public static func streaming<Request: VDLMessage, Response: VDLMessage, Incoming: ProtoCodec, Outgoing: ProtoCodec>(
        _ descriptor: MethodDescriptor, incoming: Incoming.Type, outgoing: Outgoing.Type,
        _ body: @escaping @Sendable (Request, ServerStream<Incoming.Value, Outgoing.Value>, ServerCallContext) async throws -> Response
    ) -> MethodHandler {
        MethodHandler(descriptor: descriptor) { arguments, raw, context in
            let request = try Self.decodeArguments(Request.self, arguments, descriptor)
            let stream = ServerStream(raw: raw, incoming: Incoming.self, outgoing: Outgoing.self)
            return try await body(request, stream, context).serializedBytes()
        }
    }

    /// Undecodable arguments are the caller's fault: a bad-argument error naming the method.
    private static func decodeArguments<Request: VDLMessage>(_ type: Request.Type, _ bytes: [UInt8], _ descriptor: MethodDescriptor) throws -> Request {
        do {
            return try Request(serializedBytes: bytes)
        } catch {
            throw StandardErrors.badArgument("cannot decode the arguments of \(descriptor.fullName): \(error)")
        }
    }
}

import VDLWire

/// Calls services in the same process through their encoded messages, exactly as a network
/// transport would, minus the socket: arguments, stream items and results are encoded and
/// decoded, errors cross as `VDLError`s, and streams are bounded queues (backpressure).
///
/// Useful for tests of generated code and for composing services in one process. There is no
/// peer to authenticate: methods see a ``ServerCallContext/security`` without blessings, and no
/// authorizer runs (``ServiceRegistration/authorizer`` applies to network servers).
public struct InProcessTransport: ClientTransport {
    private let handlers: [String: MethodHandler]
    /// How many stream items may wait unread in each direction.
    public let streamCapacity: Int

    public init(_ registrations: [ServiceRegistration], streamCapacity: Int = 16) {
        var handlers: [String: MethodHandler] = [:]
        for registration in registrations {
            handlers.merge(registration.handlers) { first, _ in first }
        }
        handlers[Reflection.signatureMethodName] = Reflection.signatureHandler(serving: registrations.map(\.descriptor))
        self.handlers = handlers
        self.streamCapacity = streamCapacity
    }

    public func call<R: Sendable>(
        _ request: CallRequest, arguments: [UInt8],
        body: @Sendable (any RawClientStream) async throws -> R
    ) async throws -> (result: R, response: [UInt8]) {
        guard let handler = handlers[request.method.fullName] else {
            throw StandardErrors.unknownMethod(request.method.fullName)
        }
        let deadline = request.options.timeout.map { ContinuousClock.now + $0 }
        let context = ServerCallContext(
            method: request.method, object: request.object, deadline: deadline,
            metadata: request.options.metadata, peer: "in-process")
        let toServer = MessageQueue(capacity: streamCapacity)
        let toClient = MessageQueue(capacity: streamCapacity)
        let serverStream = QueueServerStream(incoming: toServer, outgoing: toClient)

        async let response: Result<[UInt8], VDLError> = {
            defer { Task { await toClient.finish() } }
            do {
                let bytes = try await Self.withDeadline(deadline) {
                    try await handler.handle(arguments, serverStream, context)
                }
                await toClient.finish()
                return .success(bytes)
            } catch {
                await toClient.finish()
                await toServer.finish()
                return .failure(VDLError(converting: error))
            }
        }()
        let result: R
        do {
            result = try await body(QueueClientStream(outgoing: toServer, incoming: toClient))
            await toServer.finish()
        } catch {
            await toServer.finish()
            await toClient.finish()
            _ = await response
            throw error
        }
        return (result, try await response.get())
    }

    /// Runs `operation`, failing with a timeout error if the deadline passes first.
    private static func withDeadline(_ deadline: ContinuousClock.Instant?, _ operation: @escaping @Sendable () async throws -> [UInt8]) async throws -> [UInt8] {
        guard let deadline else { return try await operation() }
        return try await withThrowingTaskGroup(of: [UInt8].self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                throw StandardErrors.timeout("the call's deadline passed")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw StandardErrors.internal("no result") }
            return first
        }
    }
}

private struct QueueClientStream: RawClientStream {
    let outgoing: MessageQueue
    let incoming: MessageQueue

    func send(_ item: [UInt8]) async throws {
        guard await outgoing.push(item) else {
            throw StandardErrors.badProtocol("the server is no longer reading the stream")
        }
    }
    func closeSend() async throws { await outgoing.finish() }
    func receive() async throws -> [UInt8]? { await incoming.pop() }
}

private struct QueueServerStream: RawServerStream {
    let incoming: MessageQueue
    let outgoing: MessageQueue

    func send(_ item: [UInt8]) async throws {
        guard await outgoing.push(item) else {
            throw StandardErrors.canceled("the client is no longer reading the stream")
        }
    }
    func receive() async throws -> [UInt8]? { await incoming.pop() }
}

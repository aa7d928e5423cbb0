/// Moves one call's bytes between a client and a server. Generated clients call it through the
/// typed helpers in `ClientTransport+Typed.swift`; transports (TCP, Unix socket, in-process)
/// implement this single requirement.
public protocol ClientTransport: Sendable {
    /// Sends the encoded arguments, runs `body` with the call's stream while the server runs,
    /// and returns `body`'s result with the encoded results of the call.
    ///
    /// A unary call passes a body that does nothing. A failed call throws a `VDLError`.
    func call<R: Sendable>(
        _ request: CallRequest,
        arguments: [UInt8],
        body: @Sendable (any RawClientStream) async throws -> R
    ) async throws -> (result: R, response: [UInt8])
}

/// The client's end of a call's stream, in encoded stream items.
public protocol RawClientStream: Sendable {
    /// Sends one item; waits while the server is not ready for more (backpressure).
    func send(_ item: [UInt8]) async throws
    /// Tells the server the client will send no more items (half-close).
    func closeSend() async throws
    /// The next item from the server, or nil once the server has finished streaming.
    func receive() async throws -> [UInt8]?
}

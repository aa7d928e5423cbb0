/// Runs around every call a server serves: logging, metrics, authorization. Interceptors run in
/// the order given, each calling `next` to continue (or throwing to refuse the call).
public protocol ServerInterceptor: Sendable {
    func intercept(
        _ context: ServerCallContext,
        next: @Sendable (ServerCallContext) async throws -> [UInt8]
    ) async throws -> [UInt8]
}

/// Runs around every call a client makes.
public protocol ClientInterceptor: Sendable {
    func intercept(
        _ request: CallRequest,
        next: @Sendable (CallRequest) async throws -> [UInt8]
    ) async throws -> [UInt8]
}

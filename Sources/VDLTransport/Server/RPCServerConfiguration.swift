import VDLSecurity

/// Limits of a server.
public struct RPCServerConfiguration: Sendable {
    public var transport = TransportConfiguration()
    /// Connections beyond this are refused (GoAway, then close).
    public var maxConnections = 1024
    /// Calls beyond this on one connection fail with a retryable Unavailable error.
    public var maxConcurrentCallsPerConnection = 256
    /// How long a graceful shutdown waits for calls in flight before closing anyway.
    public var shutdownGracePeriod: Duration = .seconds(30)
    /// The caveats the server understands when it checks callers' blessings; a caveat of
    /// another kind makes the blessing carrying it invalid.
    public var caveatValidators = CaveatValidators.standard
    /// Where method implementations run.
    public var handlerExecution = HandlerExecution.connectionEventLoop

    /// Where a call's task runs its method implementation.
    public enum HandlerExecution: Sendable {
        /// On the event loop thread of the call's connection (the default). A call then costs no
        /// thread hand-off, which cut a unary call's latency by a third and raised the calls/s at
        /// 64 concurrent calls by 1.4–1.7x (`BENCHMARKS.md`). An implementation that blocks its
        /// thread (synchronous disk or CPU work measured in milliseconds) delays the other
        /// connections on that loop, and should use `globalExecutor` or hand that work off.
        case connectionEventLoop
        /// On Swift's global concurrent executor.
        case globalExecutor
    }

    public init() {}
}

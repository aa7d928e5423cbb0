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

    public init() {}
}

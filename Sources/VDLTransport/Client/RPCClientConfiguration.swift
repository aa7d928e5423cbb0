/// Settings of a client.
public struct RPCClientConfiguration: Sendable {
    public var transport = TransportConfiguration()
    /// How long establishing a connection (TCP connect and Hello) may take.
    public var connectTimeout: Duration = .seconds(10)
    /// Attempts for a call whose error allows a retry (RetryConnection, RetryBackoff), including the first.
    public var maxAttempts = 3
    /// The first backoff of RetryBackoff errors; it doubles with each attempt.
    public var initialBackoff: Duration = .milliseconds(50)

    public init() {}
}

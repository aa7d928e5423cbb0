/// Limits and timings of a connection, shared by clients and servers.
public struct TransportConfiguration: Sendable {
    /// The largest frame this side accepts (it tells the peer in its Hello).
    public var maxFrameSize: Int = 4 << 20
    /// Stream items the peer may send per call before this side grants more.
    public var initialCredit: Int = 16
    /// A connection with no calls for this long is closed.
    public var idleTimeout: Duration = .seconds(300)
    /// How often a client pings an otherwise silent connection; nil disables keepalive.
    public var keepaliveInterval: Duration? = .seconds(30)
    /// How long the Hello exchange may take.
    public var handshakeTimeout: Duration = .seconds(10)

    public init() {}
}

/// Limits and timings of a connection, shared by clients and servers.
public struct TransportConfiguration: Sendable {
    /// The largest frame this side accepts (it tells the peer in its Hello).
    public var maxFrameSize: Int = 4 << 20
    /// The flow-control window: bytes of stream items (each counting its length plus 32) the
    /// peer may send per call before this side grants more. It bounds what a slow reader
    /// buffers per call at this window plus one item.
    public var initialWindow: Int = 256 << 10
    /// A connection with no calls for this long is closed.
    public var idleTimeout: Duration = .seconds(300)
    /// How often a client pings an otherwise silent connection; nil disables keepalive.
    public var keepaliveInterval: Duration? = .seconds(30)
    /// How long the Hello exchange may take.
    public var handshakeTimeout: Duration = .seconds(10)

    public init() {}
}

import VDLSecurity

/// Per-call settings a client passes to a generated method.
public struct CallOptions: Sendable {
    /// How long the call may take; the server sees it as its deadline.
    public var timeout: Duration?
    /// Key/value pairs sent with the call's header.
    public var metadata: [String: String]
    /// Blessings to grant the server for this call: the client blesses the server's key (learnt
    /// when the connection was authenticated) and sends the blessing with the request.
    public var grant: Grant?

    public init(timeout: Duration? = nil, metadata: [String: String] = [:], grant: Grant? = nil) {
        self.timeout = timeout
        self.metadata = metadata
        self.grant = grant
    }
}

/// Per-call settings a client passes to a generated method.
public struct CallOptions: Sendable {
    /// How long the call may take; the server sees it as its deadline.
    public var timeout: Duration?
    /// Key/value pairs sent with the call's header.
    public var metadata: [String: String]

    public init(timeout: Duration? = nil, metadata: [String: String] = [:]) {
        self.timeout = timeout
        self.metadata = metadata
    }
}

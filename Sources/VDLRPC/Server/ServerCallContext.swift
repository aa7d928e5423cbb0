import VDLSecurity

/// What a method implementation knows about the call it is serving.
public struct ServerCallContext: Sendable {
    public let method: MethodDescriptor
    /// The object name (suffix) the client addressed.
    public let object: String
    /// When the client stops waiting; nil for no deadline.
    public let deadline: ContinuousClock.Instant?
    public let metadata: [String: String]
    /// A description of the caller's end of the connection (`127.0.0.1:53122`, `unix`, `in-process`).
    public let peer: String
    /// Who the caller and the server are: their blessings and the server's principal. On a
    /// plaintext connection the caller has no blessings.
    public let security: SecurityCall
    /// Blessings the caller granted this server for the call (``CallOptions/grant``), already
    /// checked to be bound to the server's key; nil when it granted none.
    public let grantedBlessings: Blessings?

    public init(method: MethodDescriptor, object: String = "", deadline: ContinuousClock.Instant? = nil,
                metadata: [String: String] = [:], peer: String,
                security: SecurityCall? = nil, grantedBlessings: Blessings? = nil) {
        self.method = method
        self.object = object
        self.deadline = deadline
        self.metadata = metadata
        self.peer = peer
        self.security = security ?? SecurityCall(method: method.name, methodTags: method.tags, suffix: object)
        self.grantedBlessings = grantedBlessings
    }

    /// Time left before the deadline (negative once it has passed); nil for no deadline.
    public var remainingTime: Duration? {
        deadline.map { $0 - ContinuousClock.now }
    }

    /// The caller's blessing names that are valid for this call (trusted roots, caveats hold).
    public var remoteBlessingNames: [String] { security.remoteBlessingNames().valid }
}

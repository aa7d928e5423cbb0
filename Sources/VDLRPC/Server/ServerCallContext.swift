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

    public init(method: MethodDescriptor, object: String = "", deadline: ContinuousClock.Instant? = nil,
                metadata: [String: String] = [:], peer: String) {
        self.method = method
        self.object = object
        self.deadline = deadline
        self.metadata = metadata
        self.peer = peer
    }

    /// Time left before the deadline (negative once it has passed); nil for no deadline.
    public var remainingTime: Duration? {
        deadline.map { $0 - ContinuousClock.now }
    }
}

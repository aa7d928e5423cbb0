/// Which directions of a call carry a stream besides the arguments and results.
public enum StreamingKind: String, Sendable, Hashable, CaseIterable {
    /// Arguments in, results out.
    case unary
    /// The client streams values to the server (`stream<In, _>`).
    case clientStreaming
    /// The server streams values to the client (`stream<_, Out>`).
    case serverStreaming
    /// Both sides stream (`stream<In, Out>`).
    case bidirectional

    public init(clientStreams: Bool, serverStreams: Bool) {
        switch (clientStreams, serverStreams) {
        case (false, false): self = .unary
        case (true, false): self = .clientStreaming
        case (false, true): self = .serverStreaming
        case (true, true): self = .bidirectional
        }
    }

    public var clientStreams: Bool { self == .clientStreaming || self == .bidirectional }
    public var serverStreams: Bool { self == .serverStreaming || self == .bidirectional }
}

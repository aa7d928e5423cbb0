/// Why the allocator cannot start or an instance cannot be made, outside the VDL errors of
/// its interface (those are in `Allocator.*`).
public enum AllocatorError: Error, Sendable, CustomStringConvertible {
    case invalidIdentityPattern(String, String)
    /// The deployment template cannot be read, expanded, or does not give a Deployment.
    case template(path: String, String)
    /// The backend failed; the message says what and where.
    case backend(String)

    public var description: String {
        switch self {
        case .invalidIdentityPattern(let pattern, let reason): return "invalid identity pattern \"\(pattern)\": \(reason)"
        case .template(let path, let reason): return "deployment template \(path): \(reason)"
        case .backend(let message): return message
        }
    }
}

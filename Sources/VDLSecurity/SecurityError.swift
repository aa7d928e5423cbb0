/// Why a security operation failed. Each case names the problem; `description` is a sentence for
/// logs and command-line output.
public enum SecurityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A key that is not an Ed25519 key of the right size or encoding.
    case malformedKey(String)
    /// A blessing whose structure, signature or binding is wrong.
    case invalidBlessings(String)
    /// An extension or name that cannot be part of a blessing name.
    case invalidName(String)
    /// Blessings that belong to another key than the one they are used with.
    case keyMismatch(String)
    /// A credentials directory that is missing, unreadable, tampered with or badly protected.
    case credentials(String)
    /// Permissions (access lists by tag) that do not parse or name invalid patterns.
    case invalidPermissions(String)
    /// A caller that the authorizer refused.
    case noAccess(String)
    /// The operation needs the private key, which an agent holds.
    case remoteKey(String)

    public var description: String {
        switch self {
        case .malformedKey(let message): "malformed key: \(message)"
        case .invalidBlessings(let message): "invalid blessings: \(message)"
        case .invalidName(let message): "invalid blessing name: \(message)"
        case .keyMismatch(let message): "key mismatch: \(message)"
        case .credentials(let message): "credentials: \(message)"
        case .invalidPermissions(let message): "invalid permissions: \(message)"
        case .noAccess(let message): message
        case .remoteKey(let message): "remote key: \(message)"
        }
    }
}

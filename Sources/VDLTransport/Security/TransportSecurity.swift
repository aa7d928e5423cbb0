import VDLSecurity

/// How a connection is secured.
public enum TransportSecurity: Sendable {
    /// TLS 1.3 keyed by the principal's Ed25519 key; each side then presents blessings bound to
    /// that key (docs/wire.md, "Authentication"). The default for every real deployment.
    case tls(Principal)
    /// No encryption and no authentication: callers have no blessings, so only an authorizer
    /// such as `.allowEveryone` lets them in. For local testing only.
    case plaintext

    var principal: Principal? {
        if case .tls(let principal) = self { return principal }
        return nil
    }
}

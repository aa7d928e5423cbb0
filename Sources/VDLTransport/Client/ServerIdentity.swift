import VDLSecurity

/// Who a server proved to be when the client connected: the blessings it presented on the TLS
/// connection (already checked: signed, bound to the key of its TLS certificate), which of their
/// names are valid for this client, and its public key.
public struct ServerIdentity: Sendable, CustomStringConvertible {
    /// The blessings the server presented (empty if it presented none).
    public let blessings: Blessings
    /// The names valid for this client (recognized roots, caveats met) and the rejected ones with reasons.
    public let names: BlessingNames
    /// The key of the server's TLS certificate, which its blessings are bound to.
    public let publicKey: PublicKey

    /// An identity as a client saw it.
    public init(blessings: Blessings, names: BlessingNames, publicKey: PublicKey) {
        self.blessings = blessings
        self.names = names
        self.publicKey = publicKey
    }

    /// The public key as 64 hex digits (the 32-byte raw Ed25519 key).
    public var publicKeyHex: String {
        publicKey.rawRepresentation.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    public var description: String { "\(blessings) \(names) key \(publicKeyHex)" }
}

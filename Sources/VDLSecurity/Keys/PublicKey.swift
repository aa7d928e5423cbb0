import Crypto
import Foundation

/// An Ed25519 public key: the identity of a principal and the key a blessing is bound to.
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The 32-byte raw key, as carried in certificates.
    public let rawRepresentation: [UInt8]
    let key: Curve25519.Signing.PublicKey

    /// Reads a 32-byte raw Ed25519 key.
    public init(rawRepresentation bytes: some Collection<UInt8>) throws {
        let raw = Array(bytes)
        guard raw.count == 32 else {
            throw SecurityError.malformedKey("an Ed25519 public key is 32 bytes, got \(raw.count)")
        }
        do {
            key = try Curve25519.Signing.PublicKey(rawRepresentation: raw)
        } catch {
            throw SecurityError.malformedKey("not an Ed25519 public key: \(error)")
        }
        rawRepresentation = raw
    }

    init(_ key: Curve25519.Signing.PublicKey) {
        self.key = key
        self.rawRepresentation = Array(key.rawRepresentation)
    }

    /// Whether `signature` is this key's signature of `message`.
    public func isValidSignature(_ signature: some DataProtocol, for message: some DataProtocol) -> Bool {
        key.isValidSignature(signature, for: message)
    }

    /// The key's fingerprint: the first 16 bytes of its SHA-256 as colon-separated hex
    /// (`3f:a0:...`), as `principal dump` prints it.
    public var fingerprint: String {
        SHA256.hash(data: rawRepresentation).prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    public var description: String { fingerprint }

    public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.rawRepresentation == rhs.rawRepresentation }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawRepresentation) }
}

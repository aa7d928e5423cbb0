import Crypto
import Foundation

/// An Ed25519 private key. It signs certificates, credentials files and TLS handshakes.
public struct PrivateKey: Sendable {
    let key: Curve25519.Signing.PrivateKey

    /// A new random key.
    public init() {
        key = Curve25519.Signing.PrivateKey()
    }

    /// Reads the 32-byte seed of an Ed25519 key.
    public init(rawRepresentation bytes: some Collection<UInt8>) throws {
        guard bytes.count == 32 else {
            throw SecurityError.malformedKey("an Ed25519 private key is 32 bytes, got \(bytes.count)")
        }
        key = try Curve25519.Signing.PrivateKey(rawRepresentation: Array(bytes))
    }

    public var publicKey: PublicKey { PublicKey(key.publicKey) }

    /// The 32-byte seed.
    public var rawRepresentation: [UInt8] { Array(key.rawRepresentation) }

    /// Signs `message`; the signature is 64 bytes.
    public func signature(for message: some DataProtocol) throws -> [UInt8] {
        Array(try key.signature(for: message))
    }

    // MARK: PKCS#8 (RFC 8410), the form OpenSSL and TLS libraries read

    /// `SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING seed } }`
    private static let pkcs8Prefix: [UInt8] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]

    /// The key as unencrypted PKCS#8 DER.
    public var pkcs8DERRepresentation: [UInt8] { Self.pkcs8Prefix + rawRepresentation }

    /// The key as a PEM `PRIVATE KEY` block (PKCS#8), as written to `privatekey.pem`.
    public var pemRepresentation: String {
        PEM.encode(pkcs8DERRepresentation, label: "PRIVATE KEY")
    }

    /// Reads a PEM `PRIVATE KEY` block holding an Ed25519 key.
    public init(pemRepresentation text: String) throws {
        let der = try PEM.decode(text, label: "PRIVATE KEY")
        guard der.count == Self.pkcs8Prefix.count + 32, der.starts(with: Self.pkcs8Prefix) else {
            throw SecurityError.malformedKey("the PEM block is not an unencrypted PKCS#8 Ed25519 key")
        }
        try self.init(rawRepresentation: der.dropFirst(Self.pkcs8Prefix.count))
    }
}

import Crypto
import Foundation
import SwiftASN1
import X509

extension Principal {
    /// A self-signed X.509 certificate (DER) for this principal's Ed25519 key, valid from an
    /// hour ago for a year. TLS uses it only to carry the key: who the principal is comes from
    /// its blessings, which must be bound to this key.
    package func tlsCertificate() throws -> [UInt8] {
        guard let signingKey else {
            return remoteSigner?.certificateDER ?? []
        }
        let key = Certificate.PrivateKey(try Curve25519.Signing.PrivateKey(rawRepresentation: signingKey.rawRepresentation))
        let name = try DistinguishedName { CommonName("vdl principal \(publicKey.fingerprint)") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(365 * 86400),
            issuer: name, subject: name, signatureAlgorithm: .ed25519,
            extensions: Certificate.Extensions {}, issuerPrivateKey: key)
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }
}

extension PublicKey {
    /// The Ed25519 key of an X.509 certificate (DER), as a TLS peer presented it.
    package init(certificateDER der: [UInt8]) throws {
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: der)
        } catch {
            throw SecurityError.malformedKey("the TLS certificate does not parse: \(error)")
        }
        guard let key = Curve25519.Signing.PublicKey(certificate.publicKey) else {
            throw SecurityError.malformedKey("the TLS certificate's key is not Ed25519 (\(certificate.signatureAlgorithm))")
        }
        self.init(key)
    }
}

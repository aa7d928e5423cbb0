import VDLWire

/// What a certificate's signature covers (idl/security: `Certificate.Signature`).
enum CertificateSigning {
    static let purpose = Array(Security.certificateSigningPurpose.utf8)

    /// The signing purpose, then the encoding of the chain so far with `certificate` last and
    /// unsigned.
    static func message(_ before: ArraySlice<Security.Certificate>, _ certificate: Security.Certificate) throws -> [UInt8] {
        var unsigned = certificate
        unsigned.signature = []
        let chain = Security.Chain(certificates: Array(before) + [unsigned])
        return purpose + (try chain.serializedBytes())
    }

    /// A certificate for `key` named `extension`, appended to `chain` and signed by `issuer`
    /// (which must hold the key of the chain's last certificate, or `key` for a new root).
    static func extend(_ chain: [Security.Certificate], key: PublicKey, extension: String,
                       caveats: [Security.Caveat], issuer: PrivateKey) throws -> Security.Chain {
        var certificate = Security.Certificate(extension: `extension`, publicKey: key.rawRepresentation, caveats: caveats)
        certificate.signature = try issuer.signature(for: message(chain[...], certificate))
        return Security.Chain(certificates: chain + [certificate])
    }
}

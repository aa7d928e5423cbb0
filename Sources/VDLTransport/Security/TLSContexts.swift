import NIOCore
import NIOSSL
import VDLSecurity

/// The TLS configuration of a principal: TLS 1.3 only, Ed25519 only, a self-signed certificate
/// carrying the principal's key on both sides. Certificates are not checked against any CA:
/// peers are authenticated by the blessings they present afterwards, which must be bound to the
/// key that signed the TLS handshake.
package enum TLSContexts {
    package static func server(for principal: Principal) throws -> NIOSSLContext {
        var configuration = try base(for: principal)
        // Request (and require) a client certificate; the callback accepts any Ed25519 one.
        configuration.certificateVerification = .noHostnameVerification
        return try NIOSSLContext(configuration: configuration)
    }

    package static func client(for principal: Principal) throws -> NIOSSLContext {
        var configuration = try base(for: principal)
        configuration.certificateVerification = .noHostnameVerification
        return try NIOSSLContext(configuration: configuration)
    }

    private static func base(for principal: Principal) throws -> TLSConfiguration {
        let certificate = try NIOSSLCertificate(bytes: try principal.tlsCertificate(), format: .der)
        let key: NIOSSLPrivateKey
        if let local = principal.signingKey {
            key = try NIOSSLPrivateKey(bytes: local.pkcs8DERRepresentation, format: .der)
        } else if let signer = principal.remoteSigner {
            key = NIOSSLPrivateKey(customPrivateKey: RemoteTLSKey(signer: signer))
        } else {
            throw SecurityError.remoteKey("the principal \(principal.publicKey) has no key to authenticate TLS with")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv13
        configuration.maximumTLSVersion = .tlsv13
        configuration.signingSignatureAlgorithms = [.ed25519]
        configuration.verifySignatureAlgorithms = [.ed25519]
        configuration.applicationProtocols = ["vdl/1"]
        // Peers are checked by verifyPeer and their blessings, never against CAs: without this,
        // every context would load the system CA bundle (about 5 ms).
        configuration.trustRoots = .certificates([])
        return configuration
    }

    /// Accepts a peer certificate whose key is Ed25519 (TLS itself proves the peer holds it).
    package static func verifyPeer(_ certificates: [NIOSSLCertificate], _ promise: EventLoopPromise<NIOSSLVerificationResult>) {
        guard let leaf = certificates.first, (try? PublicKey(certificateDER: leaf.toDERBytes())) != nil else {
            promise.succeed(.failed)
            return
        }
        promise.succeed(.certificateVerified)
    }

    /// The key of the peer's TLS certificate, once the handshake is done.
    package static func peerKey(of channel: any Channel) throws -> PublicKey {
        let handler = try channel.pipeline.syncOperations.handler(type: NIOSSLHandler.self)
        guard let certificate = handler.peerCertificate else {
            throw SecurityError.invalidBlessings("the TLS peer presented no certificate")
        }
        return try PublicKey(certificateDER: try certificate.toDERBytes())
    }
}

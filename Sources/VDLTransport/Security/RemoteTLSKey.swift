import NIOCore
import NIOSSL
import VDLSecurity

/// Lets BoringSSL sign the TLS handshake with a key an agent holds: the CertificateVerify
/// signature is asked of the agent and completes the handshake when it answers.
struct RemoteTLSKey: NIOSSLCustomPrivateKey, Hashable {
    let signer: any RemoteSigner

    var signatureAlgorithms: [SignatureAlgorithm] { [.ed25519] }
    var derBytes: [UInt8] { [] }

    func sign(channel: any Channel, algorithm: SignatureAlgorithm, data: ByteBuffer) -> EventLoopFuture<ByteBuffer> {
        let promise = channel.eventLoop.makePromise(of: ByteBuffer.self)
        let message = Array(data.readableBytesView)
        let signer = self.signer
        promise.completeWithTask {
            guard algorithm == .ed25519 else {
                throw SecurityError.remoteKey("TLS asked for signature algorithm \(algorithm), but the agent's key is Ed25519")
            }
            return ByteBuffer(bytes: try await signer.sign(message))
        }
        return promise.futureResult
    }

    func decrypt(channel: any Channel, data: ByteBuffer) -> EventLoopFuture<ByteBuffer> {
        channel.eventLoop.makeFailedFuture(SecurityError.remoteKey("an Ed25519 key does not decrypt"))
    }

    static func == (lhs: RemoteTLSKey, rhs: RemoteTLSKey) -> Bool { lhs.signer.publicKey == rhs.signer.publicKey }
    func hash(into hasher: inout Hasher) { hasher.combine(signer.publicKey) }
}

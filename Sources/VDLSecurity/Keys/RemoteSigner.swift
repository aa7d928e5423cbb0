/// A private key held by another process (a pod agent), which signs on request: a principal
/// built on it (``Principal/init(remote:blessings:roots:)``) authenticates TLS connections
/// without the key ever being in this process.
public protocol RemoteSigner: Sendable {
    /// The Ed25519 public key of the held private key.
    var publicKey: PublicKey { get }
    /// A self-signed X.509 certificate (DER) carrying the key, made by the holder.
    var certificateDER: [UInt8] { get }
    /// Signs `message` (Ed25519: the message itself, not a hash).
    func sign(_ message: [UInt8]) async throws -> [UInt8]
}

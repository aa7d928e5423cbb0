import Foundation
import VDLRPC
import VDLSecurity
import VDLWire

extension Principal {
    /// The principal an agent lends on `socketPath`: its key stays with the agent, which signs
    /// this process's TLS handshakes; its blessings and roots are read once, now.
    public static func fromAgent(socketPath: String) async throws -> Principal {
        let client = RPCClient(target: .unix(path: socketPath), security: .plaintext)
        let agent = Agent.Agent.Client(transport: client)
        let options = CallOptions(timeout: .seconds(10))
        do {
            let key = try PublicKey(rawRepresentation: try await agent.publicKey(options: options))
            let (blessings, roots) = try await agent.blessings(options: options)
            let signer = AgentSigner(publicKey: key, certificateDER: try await agent.certificate(options: options), agent: agent)
            return try Principal(remote: signer, blessings: try Blessings(wire: blessings), roots: roots)
        } catch let error as VDLError {
            throw SecurityError.credentials("cannot use the agent on \(socketPath): \(error)")
        }
    }
}

/// Signs through the agent's Sign method.
private struct AgentSigner: RemoteSigner {
    let publicKey: PublicKey
    let certificateDER: [UInt8]
    let agent: Agent.Agent.Client

    func sign(_ message: [UInt8]) async throws -> [UInt8] {
        let signature = try await agent.sign(message: message, options: CallOptions(timeout: .seconds(10)))
        guard publicKey.isValidSignature(signature, for: message) else {
            throw SecurityError.remoteKey("the agent's signature does not verify with its key \(publicKey)")
        }
        return signature
    }
}

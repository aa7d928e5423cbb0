import VDLRPC
import VDLSecurity

extension RPCClient {
    /// Who the server is: the blessings it presented on the connection (connecting first if
    /// there is no connection yet), their valid names for this client, and its public key. Nil
    /// on a plaintext connection, where the server proves nothing.
    ///
    /// Throws like a call when the server cannot be reached or does not match `serverBlessings`.
    public func serverIdentity() async throws -> ServerIdentity? {
        guard let authentication = try await connection().authentication else { return nil }
        let check = SecurityCall(
            localPrincipal: authentication.principal,
            localBlessings: authentication.principal.blessingStore.defaultBlessings,
            remoteBlessings: authentication.serverBlessings)
        return ServerIdentity(
            blessings: authentication.serverBlessings, names: check.remoteBlessingNames(),
            publicKey: authentication.serverKey)
    }
}

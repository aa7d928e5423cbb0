import VDLNaming
import VDLSecurity
import VDLTransport

/// Turns the TARGET argument of every `vrpc` command into a client of one server and the
/// object suffix on it. TARGET is an object name (docs/naming.md): a relative name is resolved
/// at the namespace roots (`--namespace-root`, `$VDL_NAMESPACE_ROOT`) and the first server
/// mounted there is used; a rooted name (`/host:port/suffix`, `/(pattern)@host:port`,
/// `host:port`, `unix:PATH`) addresses its server directly. `--server-blessings` pins the
/// server's blessings too.
func makeClient(target: String, connection: ConnectionOptions) async throws -> (client: RPCClient, suffix: String) {
    let security = try await connection.security()
    let namespace = try Namespace(roots: Namespace.roots(flags: connection.namespaceRoot), security: security)
    let servers = try await namespace.resolve(target, options: connection.options).servers
    guard case .rooted(var endpoint, let suffix)? = servers.first else {
        throw UsageError(description: "\(target) resolved to no server")
    }
    if let pattern = connection.serverBlessings {
        endpoint.serverBlessings = Access.BlessingPattern(rawValue: pattern)
    }
    return (RPCClient(endpoint: endpoint, security: security), suffix)
}

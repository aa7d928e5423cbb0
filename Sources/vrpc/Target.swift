import VDLSecurity
import VDLTransport

/// Turns the TARGET argument of every `vrpc` command into a client. For now TARGET is an
/// endpoint: `host:port`, `unix:PATH`, or `/(pattern)@host:port` to require the server's
/// blessings to match the pattern; `--server-blessings` sets the pattern too.
///
/// This is the one place that interprets TARGET: resolving object names through a mount table
/// belongs here.
func makeClient(target: String, connection: ConnectionOptions) throws -> RPCClient {
    var endpoint = try Endpoint(parsing: target)
    if let pattern = connection.serverBlessings {
        endpoint.serverBlessings = Access.BlessingPattern(rawValue: pattern)
    }
    return RPCClient(endpoint: endpoint, security: try connection.security())
}

import Foundation
import VDLSecurity

extension TransportSecurity {
    /// The security a command gets from its flags: `--plaintext`; else the credentials of
    /// `--credentials` (or `$VDL_CREDENTIALS`); else the principal an agent lends on
    /// `$VDL_AGENT_PATH`; else a new in-memory principal self-blessed `ephemeralName`.
    public static func fromFlags(plaintext: Bool, credentials: String?, ephemeralName: String) async throws -> TransportSecurity {
        if plaintext { return .plaintext }
        if let directory = Principal.credentialsDirectory(flag: credentials) {
            return .tls(try Principal.load(from: directory))
        }
        if let socket = ProcessInfo.processInfo.environment[Principal.agentEnvironmentVariable], !socket.isEmpty {
            return .tls(try await Principal.fromAgent(socketPath: socket))
        }
        return .tls(try Principal.ephemeral(name: ephemeralName))
    }
}

import ArgumentParser
import ClusterAgent
import Foundation
import Logging
import ServiceLifecycle
import VDLCommandLine
import VDLNaming
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// `pod_agentd`: seeks a blessing from the cluster agent for a new in-memory principal, then
/// lends that principal to the processes of the pod over a Unix socket.
@main
struct PodAgentDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pod_agentd",
        abstract: "Hold a replica's principal and lend it to the processes of the pod over a Unix socket.",
        discussion: """
            The principal is new and lives in memory only. Its blessing comes from the cluster \
            agent in exchange for the secret in --secret-key-file; the roots of --root-blessings \
            are recognized first, so the agent's own blessings can be checked. The socket is \
            created with mode 0600: only the pod's user may use it.
            """)

    @Option(help: "The cluster agent: a name resolved at --namespace-root, host:port, or /(pattern)@host:port.")
    var agent: String

    @Option(help: "A file holding the secret (as is, or base64-encoded as a Kubernetes Secret volume holds it).")
    var secretKeyFile: String

    @Option(help: "Blessings (text form, or a file holding it) whose roots to recognize.")
    var rootBlessings: [String] = []

    @Option(help: "The Unix socket to serve the agent protocol on.")
    var socketPath: String

    @Option(help: "A mount table to resolve --agent at (repeatable; default $VDL_NAMESPACE_ROOT).")
    var namespaceRoot: [String] = []

    @Option(help: "Seconds to keep trying to reach the cluster agent.")
    var seekTimeout: Seconds = 60

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .notice

    func run() async throws {
        var logger = Logger(label: "pod_agentd")
        logger.logLevel = logLevel
        let principal = Principal()
        for text in rootBlessings {
            let contents = FileManager.default.contents(atPath: text).map { String(decoding: $0, as: UTF8.self) } ?? text
            try principal.roots.recognize(try Blessings(base64URLEncoded: contents.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let secret = try Self.readSecret(secretKeyFile)
        let blessings = try await seek(secret: secret, principal: principal, logger: logger)
        try principal.adopt(blessings)

        let server = RPCServer(services: [AgentService(principal: principal).registration], security: .plaintext,
                               authorizer: .allowEveryone, logger: logger)
        let bound = try await server.bind(to: .unix(path: socketPath))
        chmod(socketPath, 0o600)
        print("Listening on \(bound)")
        print("Blessings: \(blessings)")
        fflush(nil)
        try await ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
    }

    /// Asks the cluster agent for blessings, retrying with backoff while it cannot be reached.
    func seek(secret: String, principal: Principal, logger: Logger) async throws -> Blessings {
        let namespace = try Namespace(roots: Namespace.roots(flags: namespaceRoot), security: .tls(principal))
        defer { Task { await namespace.close() } }
        let client = Cluster.ClusterAgent.Client(transport: try namespace.transport(for: agent))
        let deadline = ContinuousClock.now + seekTimeout.duration
        var pause = Duration.milliseconds(200)
        while true {
            do {
                return try Blessings(wire: try await client.seekBlessings(secret: secret, options: CallOptions(timeout: .seconds(10))))
            } catch let error as VDLError where error.id == StandardErrors.unavailableID && ContinuousClock.now + pause < deadline {
                logger.warning("cannot reach the cluster agent, retrying in \(pause)", metadata: ["error": "\(error)"])
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(5))
            }
        }
    }

    /// The secret as `cluster_agent new` printed it, or base64-encoded.
    static func readSecret(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the secret key file \(path)")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count == 512, text.allSatisfy(\.isHexDigit) { return text }
        if let decoded = Data(base64Encoded: text), let secret = String(data: decoded, encoding: .utf8) {
            return secret.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return text
    }
}

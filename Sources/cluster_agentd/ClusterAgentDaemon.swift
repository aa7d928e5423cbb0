import ArgumentParser
import ClusterAgent
import Foundation
import Logging
import ServiceLifecycle
import VDLCommandLine
import VDLNaming
import VDLSecurity
import VDLTransport

/// `cluster_agentd`: keeps blessings behind secrets and blesses the replicas that present one.
@main
struct ClusterAgentDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster_agentd",
        abstract: "Serve the cluster agent: blessings stored behind secrets, handed to replicas.",
        discussion: """
            The secrets are kept in --root-dir, one file per secret named by its SHA-256. Without \
            --credentials (or $VDL_CREDENTIALS) the agent makes its own in <root-dir>/credentials \
            and waits to be claimed by a caller matching --claimer, who grants it its blessing. \
            NewSecret, ForgetSecret and Claim are authorized by --permissions (Admin), else by the \
            default policy (the caller's blessings and the agent's extend one another).
            """)

    @Option(help: "The directory of the secrets (required).")
    var rootDir: String?

    @Option(help: "host:port or unix:PATH to listen on (port 0 picks a free port).")
    var address = "127.0.0.1:0"

    @Option(help: "The credentials directory (default: $VDL_CREDENTIALS, else <root-dir>/credentials).")
    var credentials: String?

    @Option(help: #"Permissions as JSON or a file holding it, e.g. '{"Admin": {"In": ["root:ops"]}}'."#)
    var permissions: String?

    @Option(help: "Who may claim the agent when it made its own credentials (a blessing pattern).")
    var claimer: String?

    @Option(name: .customLong("extension"), help: "The extension replicas get under the stored blessings.")
    var replicaExtension = "x"



    @OptionGroup var publishing: PublishingOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .notice

    func validate() throws {
        guard let rootDir, !rootDir.isEmpty else { throw ValidationError("--root-dir is not set.") }
        if let claimer, !Access.BlessingPattern(rawValue: claimer).isValid {
            throw ValidationError("--claimer \(claimer) is not a valid blessing pattern")
        }
    }

    func run() async throws {
        var logger = Logger(label: "cluster_agentd")
        logger.logLevel = logLevel
        let rootDir = self.rootDir ?? ""
        let (principal, claimed) = try Self.principal(credentials: credentials, rootDir: rootDir)
        let agent = try ClusterAgentService(
            principal: principal, rootDirectory: rootDir, replicaExtension: replicaExtension,
            claimer: claimer.map(Access.BlessingPattern.init(rawValue:)), claimed: claimed, logger: logger)
        for problem in agent.secrets.problems {
            FileHandle.standardError.write(Data("cluster_agentd: skipped \(problem)\n".utf8))
        }
        let admin: any Authorizer = try permissions.map { .permissions(try Access.permissions(flag: $0)) } ?? .default
        let security = TransportSecurity.tls(principal)
        let server = RPCServer(services: [agent.registration(admin: admin)], security: security, logger: logger)
        let bound = try await server.bind(to: ServerAddress(parsing: address))
        print("Listening on \(bound)")
        print("Blessings: \(principal.blessingStore.defaultBlessings)\(agent.isClaimed ? "" : " (unclaimed)")")
        print("Secrets: \(agent.secrets.count)")
        fflush(nil)
        var services: [any Service] = [server]
        if let publisher = try publishing.publisher(serving: bound, security: security, logger: logger) {
            services.append(publisher)
        }
        try await ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
    }

    /// The agent's principal, and whether it is claimed: given credentials are; credentials the
    /// agent makes for itself in <root-dir>/credentials wait for a claim.
    static func principal(credentials: String?, rootDir: String) throws -> (Principal, claimed: Bool) {
        if let directory = Principal.credentialsDirectory(flag: credentials) {
            return (try Principal.load(from: directory), true)
        }
        let own = rootDir + "/credentials"
        try FileManager.default.createDirectory(atPath: rootDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if FileManager.default.fileExists(atPath: own + "/privatekey.pem") {
            return (try Principal.load(from: own), false)
        }
        return (try Principal.create(in: own, name: "cluster-agent"), false)
    }
}

import ArgumentParser
import Foundation
import Logging
import MountTable
import ServiceLifecycle
import VDLCommandLine
import VDLNaming
import VDLSecurity
import VDLTransport

/// `mounttabled`: serves a mount table until SIGTERM or SIGINT, then drains and exits.
@main
struct MountTableDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mounttabled",
        abstract: "Serve a mount table: the names servers publish themselves under.",
        discussion: """
            Each call is authorized by the permissions of the node it addresses, inherited from \
            the nearest ancestor that has its own; --permissions gives the root's. Without it, \
            every caller with a valid blessing name may mount, resolve and glob, and only the \
            table's own principal may administer.
            """)

    @Option(help: "host:port or unix:PATH to listen on (port 0 picks a free port).")
    var address = "127.0.0.1:0"

    @Option(help: #"The root's permissions as JSON or a file holding it: '{"Write": {"In": ["root:ops"]}, "Resolve": {"In": ["..."]}, ...}'."#)
    var permissions: String?

    @Option(help: "A file to keep the tree in, so that a restart keeps it.")
    var snapshot: String?

    @Option(help: "The longest a mount lasts without a refresh, in seconds.")
    var maxTTL: Int = 86_400



    @OptionGroup var publishing: PublishingOptions

    @Option(help: "The credentials directory (default: $VDL_CREDENTIALS; none: a new in-memory principal).")
    var credentials: String?

    @Flag(help: "Serve without TLS or authentication, allowing every caller (local testing only).")
    var plaintext = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .notice

    static let defaultPermissions: Access.Permissions = [
        "Read": Access.AccessList(in: ["..."]), "Resolve": Access.AccessList(in: ["..."]), "Write": Access.AccessList(in: ["..."]),
    ]

    func run() async throws {
        var logger = Logger(label: "mounttabled")
        logger.logLevel = logLevel
        let security = try await TransportSecurity.fromFlags(plaintext: plaintext, credentials: credentials, ephemeralName: "mounttabled")
        var rootPermissions = Self.defaultPermissions
        if let permissions { rootPermissions = try Access.permissions(flag: permissions) }
        let table = try MountTableService(rootPermissions: rootPermissions, snapshotPath: snapshot,
                                          maxTTL: .seconds(max(1, maxTTL)), logger: logger)
        // Plaintext callers have no blessings, so no node's permissions could admit them.
        let registration = plaintext ? Mounttable.MountTable.registration(table) : table.registration
        let server = RPCServer(services: [registration], security: security,
                               authorizer: plaintext ? .allowEveryone : .default, logger: logger)
        let bound = try await server.bind(to: ServerAddress(parsing: address))
        print("Listening on \(bound)")
        if case .tls(let principal) = security {
            print("Blessings: \(principal.blessingStore.defaultBlessings)")
        }
        fflush(nil)
        var services: [any Service] = [server]
        if let publisher = try publishing.publisher(serving: bound, security: security, flags: Mounttable.mt, logger: logger) {
            services.append(publisher)
        }
        try await ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
    }
}

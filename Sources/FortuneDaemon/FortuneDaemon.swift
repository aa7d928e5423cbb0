import ArgumentParser
import Foundation
import FortuneService
import Logging
import ServiceLifecycle
import VDLCommandLine
import VDLNaming
import VDLSecurity
import VDLTransport

/// `fortuned`: serves the fortune service until SIGTERM or SIGINT, then drains and exits. A
/// library, so that other commands can embed it (the allocator demo runs it as a subcommand).
public struct FortuneDaemon: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fortuned",
        abstract: "Serve the fortune example service.",
        discussion: """
            Connections use TLS with the principal of --credentials (or $VDL_CREDENTIALS); without \
            either, the server runs as a new in-memory principal blessed "fortuned". Callers are \
            authorized by --permissions, else by the default policy (their blessings and the \
            server's must extend one another).
            """)

    @Option(help: "host:port or unix:PATH to listen on (port 0 picks a free port).")
    var address = "127.0.0.1:0"



    @OptionGroup var publishing: PublishingOptions

    @Option(help: "Seconds a published name lasts unless refreshed (it is refreshed every half of this).")
    var nameTTL: Int = 60

    @Option(name: .customLong("fortune"), help: "A fortune to start with (repeatable).")
    var fortunes: [String] = []

    @Option(help: "The credentials directory (default: $VDL_CREDENTIALS; none: a new in-memory principal).")
    var credentials: String?

    @Option(help: #"Permissions as JSON (or a file holding it), by tag: '{"Read": {"In": ["..."]}, "Write": {"In": ["alice"], "NotIn": ["alice:guest"]}}'."#)
    var permissions: String?

    @Flag(help: "Serve without TLS or authentication, allowing every caller (local testing only).")
    var plaintext = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .notice

    public init() {}

    public func run() async throws {
        var logger = Logger(label: "fortuned")
        logger.logLevel = logLevel
        let security = try await TransportSecurity.fromFlags(plaintext: plaintext, credentials: credentials, ephemeralName: "fortuned")
        var authorizer: any Authorizer = plaintext ? .allowEveryone : .default
        if let permissions {
            authorizer = .permissions(try Access.permissions(flag: permissions))
        }
        let server = RPCServer(
            services: [Fortune.Fortune.registration(FortuneStore(fortunes: fortunes))],
            security: security, authorizer: authorizer, logger: logger)
        let bound = try await server.bind(to: ServerAddress(parsing: address))
        print("Listening on \(bound)")
        if case .tls(let principal) = security {
            print("Blessings: \(principal.blessingStore.defaultBlessings)")
        }
        fflush(nil)  // so that a parent process reading a pipe sees the address at once
        var services: [any Service] = [server]
        // After the server, so that on SIGTERM the names are unmounted before it drains.
        if let publisher = try publishing.publisher(serving: bound, security: security, ttl: .seconds(max(2, nameTTL)), logger: logger) {
            services.append(publisher)
        }
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

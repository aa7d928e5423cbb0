import ArgumentParser
import Foundation
import Logging
import Provision
import ServiceLifecycle
import VDLCommandLine
import VDLNaming
import VDLSecurity
import VDLTransport

/// `reservation-stored`: serves the reservation store until SIGTERM or SIGINT.
@main
struct ReservationStored: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reservation-stored",
        abstract: "Serve the provision reservation store.",
        discussion: """
            State lives in --root and survives restarts. Connections use TLS with the principal of \
            --credentials (or $VDL_CREDENTIALS, or the agent at $VDL_AGENT_PATH; without any, a new \
            in-memory principal blessed "reservation-store"). Every caller may call: reservations, deletions and results are \
            authorized by their Ed25519 signatures, not by the caller's blessings.
            """)

    @Option(help: "host:port or unix:PATH to listen on (port 0 picks a free port).")
    var address = "127.0.0.1:0"



    @OptionGroup var publishing: PublishingOptions

    @Option(help: "The directory holding the store's state.")
    var root: String

    @Option(help: "The credentials directory (default: $VDL_CREDENTIALS, else the agent at $VDL_AGENT_PATH, else a new in-memory principal).")
    var credentials: String?

    @Option(help: "The longest a Poll waits, in seconds.")
    var maxPollWait: Seconds = 20

    @Option(help: "Seconds after which an unconfirmed delete or expiry is signalled again.")
    var redeliverAfter: Seconds = 60

    @Flag(help: "Serve without TLS or authentication (local testing only).")
    var plaintext = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .notice

    func run() async throws {
        var logger = Logger(label: "reservation-stored")
        logger.logLevel = logLevel
        guard maxPollWait.value <= 3600, redeliverAfter.value <= 86_400 else {
            throw ValidationError("--max-poll-wait must be in (0, 3600] and --redeliver-after in (0, 86400] seconds")
        }
        let security = try await TransportSecurity.fromFlags(plaintext: plaintext, credentials: credentials, ephemeralName: "reservation-store")
        var configuration = ReservationStoreConfiguration()
        configuration.maxPollWait = maxPollWait.duration
        configuration.redeliverUnconfirmedAfter = redeliverAfter.duration
        let store = try ReservationStoreService(directory: root, configuration: configuration, logger: logger)
        let server = RPCServer(services: [Provision.ReservationStore.registration(store)],
                               security: security, authorizer: .allowEveryone, logger: logger)
        let bound = try await server.bind(to: ServerAddress(parsing: address))
        print("Listening on \(bound)")
        if case .tls(let principal) = security {
            print("Blessings: \(principal.blessingStore.defaultBlessings)")
        }
        fflush(nil)  // so that a parent process reading a pipe sees the address at once
        let sweeper = Task { await store.runExpirySweeper() }
        defer { sweeper.cancel() }
        var services: [any Service] = [server]
        if let publisher = try publishing.publisher(serving: bound, security: security, logger: logger) {
            services.append(publisher)
        }
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

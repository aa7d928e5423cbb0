import ArgumentParser
import Foundation
import FortuneService
import Logging
import ServiceLifecycle
import VDLTransport

/// `fortuned`: serves the fortune service until SIGTERM or SIGINT, then drains and exits.
@main
struct Fortuned: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the fortune example service.")

    @Option(help: "host:port or unix:PATH to listen on (port 0 picks a free port).")
    var address = "127.0.0.1:0"

    @Option(name: .customLong("fortune"), help: "A fortune to start with (repeatable).")
    var fortunes: [String] = []

    func run() async throws {
        var logger = Logger(label: "fortuned")
        logger.logLevel = .notice
        let server = RPCServer(services: [Fortune.Fortune.registration(FortuneStore(fortunes: fortunes))], logger: logger)
        let bound = try await server.bind(to: ServerAddress(parsing: address))
        print("Listening on \(bound)")
        fflush(nil)  // so that a parent process reading a pipe sees the address at once
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

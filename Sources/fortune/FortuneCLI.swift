import ArgumentParser
import Foundation
import FortuneService
import VDLCommandLine
import VDLNaming
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// `fortune --server ADDR add TEXT | get | has TEXT`.
@main
struct FortuneCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fortune", abstract: "Talk to a fortune server.",
        subcommands: [Add.self, Get.self, Has.self])

    @OptionGroup var server: Server

    struct Server: ParsableArguments {
        @Option(help: "The server: a name resolved at --namespace-root, host:port, unix:PATH, or /(pattern)@host:port to require the server's blessings.")
        var server: String

        @Option(help: "A mount table to resolve names at (repeatable; default $VDL_NAMESPACE_ROOT).")
        var namespaceRoot: [String] = []

        @Option(help: "Seconds to wait for an answer.")
        var timeout: Seconds = 10

        @Option(help: "The credentials directory (default: $VDL_CREDENTIALS; none: a new in-memory principal).")
        var credentials: String?

        @Option(help: "Refuse a server none of whose blessing names matches this pattern (e.g. alice:fortune).")
        var serverBlessings: String?

        @Flag(help: "Connect without TLS or authentication (to a server started with --plaintext).")
        var plaintext = false

        func client() async throws -> Fortune.Fortune.Client {
            let security = try await TransportSecurity.fromFlags(plaintext: plaintext, credentials: credentials, ephemeralName: "fortune")
            let namespace = try Namespace(roots: Namespace.roots(flags: namespaceRoot), security: security)
            var name = try ObjectName(parsing: server)
            if let serverBlessings {
                guard case .rooted(var endpoint, let suffix) = name else {
                    throw ValidationError("--server-blessings needs an address; the servers of a name are pinned by their mounts")
                }
                endpoint.serverBlessings = Access.BlessingPattern(rawValue: serverBlessings)
                name = .rooted(endpoint, suffix: suffix)
            }
            return Fortune.Fortune.Client(transport: namespace.transport(for: name))
        }

        var options: CallOptions { CallOptions(timeout: timeout.duration) }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store a fortune.")
        @ParentCommand var parent: FortuneCLI
        @Argument(help: "The fortune.") var text: String

        func run() async throws {
            let server = parent.server
            try await reportingErrors { try await server.client().add(fortune: text, options: server.options) }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a random fortune.")
        @ParentCommand var parent: FortuneCLI

        func run() async throws {
            let server = parent.server
            print(try await reportingErrors { try await server.client().get(options: server.options) })
        }
    }

    struct Has: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print whether the fortune is stored.")
        @ParentCommand var parent: FortuneCLI
        @Argument(help: "The fortune.") var text: String

        func run() async throws {
            let server = parent.server
            print(try await reportingErrors { try await server.client().has(fortune: text, options: server.options) })
        }
    }
}

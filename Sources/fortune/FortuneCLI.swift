import ArgumentParser
import Foundation
import FortuneService
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
        @Option(help: "The server: host:port, unix:PATH, or /(pattern)@host:port to require the server's blessings.")
        var server: String

        @Option(help: "Seconds to wait for an answer.")
        var timeout: Double = 10

        @Option(help: "The credentials directory (default: $VDL_CREDENTIALS; none: a new in-memory principal).")
        var credentials: String?

        @Option(help: "Refuse a server none of whose blessing names matches this pattern (e.g. alice:fortune).")
        var serverBlessings: String?

        @Flag(help: "Connect without TLS or authentication (to a server started with --plaintext).")
        var plaintext = false

        func client() throws -> Fortune.Fortune.Client {
            let security: TransportSecurity
            if plaintext {
                security = .plaintext
            } else if let directory = Principal.credentialsDirectory(flag: credentials) {
                security = .tls(try Principal.load(from: directory))
            } else {
                security = .tls(try Principal.ephemeral(name: "fortune"))
            }
            var endpoint = try Endpoint(parsing: server)
            if let serverBlessings { endpoint.serverBlessings = Access.BlessingPattern(rawValue: serverBlessings) }
            return Fortune.Fortune.Client(transport: RPCClient(endpoint: endpoint, security: security))
        }

        var options: CallOptions { CallOptions(timeout: .milliseconds(Int(timeout * 1000))) }
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

/// Prints a failed call's error on stderr and exits 1.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as VDLError {
        FileHandle.standardError.write(Data("fortune: \(error)\n".utf8))
        throw ExitCode(1)
    } catch let error as ServerAddress.AddressError {
        FileHandle.standardError.write(Data("fortune: \(error)\n".utf8))
        throw ExitCode(2)
    } catch let error as SecurityError {
        FileHandle.standardError.write(Data("fortune: \(error)\n".utf8))
        throw ExitCode(2)
    }
}

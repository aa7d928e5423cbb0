import ArgumentParser
import VDLRPC
import VDLTransport

/// `vrpc identify TARGET`: who the server proved to be.
struct IdentifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identify",
        abstract: "Print the blessings the server presented, which of its names are valid for you, and its public key.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The server: a name resolved at --namespace-root, host:port, unix:PATH or /(pattern)@host:port.")
    var target: String

    func run() async throws {
        try await reportingErrors {
            let (client, _) = try await makeClient(target: target, connection: connection)
            let found = try await client.serverIdentity()
            await client.close()
            guard let identity = found else {
                throw UsageError(description: "\(target) is a plaintext connection: the server presents no blessings")
            }
            printLine("Blessings:   \(identity.blessings)")
            printLine("Valid names: [\(identity.names.valid.joined(separator: ", "))]")
            for rejected in identity.names.rejected {
                printLine("Rejected:    \(rejected)")
            }
            printLine("Public key:  \(identity.publicKeyHex)")
        }
    }
}

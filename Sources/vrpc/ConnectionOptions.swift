import ArgumentParser
import VDLCommandLine
import VDLRPC
import VDLSecurity
import VDLTransport

/// The options every command takes to reach a server.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The credentials directory (default: $VDL_CREDENTIALS; none: a new in-memory principal).")
    var credentials: String?

    @Option(help: "Refuse a server none of whose blessing names matches this pattern (e.g. alice:fortune).")
    var serverBlessings: String?

    @Flag(help: "Connect without TLS or authentication (to a server started with --plaintext).")
    var plaintext = false

    @Option(help: "A mount table to resolve names at (repeatable; default $VDL_NAMESPACE_ROOT).")
    var namespaceRoot: [String] = []

    @Option(help: "Seconds to wait for an answer.")
    var timeout: Seconds = 10

    func security() async throws -> TransportSecurity {
        try await TransportSecurity.fromFlags(plaintext: plaintext, credentials: credentials, ephemeralName: "vrpc")
    }

    var options: CallOptions { CallOptions(timeout: timeout.duration) }
}

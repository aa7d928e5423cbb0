import ArgumentParser
import ClusterAgent
import Foundation
import VDLCommandLine
import VDLNaming
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// `cluster_agent --agent NAME new|forget|seekblessings|claim`.
@main
struct ClusterAgentCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster_agent", abstract: "Talk to a cluster agent.",
        subcommands: [New.self, Forget.self, SeekBlessings.self, Claim.self])

    @OptionGroup var options: Options

    struct Options: ParsableArguments {
        @Option(help: "The agent: a name resolved at --namespace-root, host:port, or /(pattern)@host:port.")
        var agent: String

        @Option(help: "A mount table to resolve names at (repeatable; default $VDL_NAMESPACE_ROOT).")
        var namespaceRoot: [String] = []

        @Option(help: "The credentials directory (default: $VDL_CREDENTIALS; none: a new in-memory principal).")
        var credentials: String?

        @Option(help: "Seconds to wait for an answer.")
        var timeout: Seconds = 30

        func connect() async throws -> (Cluster.ClusterAgentAdmin.Client, Principal) {
            let security = try await TransportSecurity.fromFlags(plaintext: false, credentials: credentials, ephemeralName: "cluster_agent")
            guard case .tls(let principal) = security else { throw ValidationError("the cluster agent needs TLS") }
            let namespace = try Namespace(roots: Namespace.roots(flags: namespaceRoot), security: security)
            return (Cluster.ClusterAgentAdmin.Client(transport: try namespace.transport(for: agent)), principal)
        }

        func callOptions(grant: Grant? = nil) -> CallOptions {
            CallOptions(timeout: timeout.duration, grant: grant)
        }
    }

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grant the agent <default blessing>:EXTENSION and print the secret that stands for it.")
        @ParentCommand var parent: ClusterAgentCLI
        @Flag(help: "Print the secret base64-encoded (as a Kubernetes Secret's data holds it).") var base64 = false
        @Argument(help: "The extension: the application's name under the caller's blessing.") var `extension`: String

        func run() async throws {
            try await reportingErrors {
                let (agent, principal) = try await parent.options.connect()
                let grant = Grant(extension: `extension`, with: principal.blessingStore.defaultBlessings)
                let secret = try await agent.newSecret(options: parent.options.callOptions(grant: grant))
                print(base64 ? Data(secret.utf8).base64EncodedString() : secret)
            }
        }
    }

    struct Forget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Forget a secret; replicas already blessed keep their blessings.")
        @ParentCommand var parent: ClusterAgentCLI
        @Argument(help: "The secret.") var secret: String

        func run() async throws {
            try await reportingErrors {
                try await parent.options.connect().0.forgetSecret(secret: secret, options: parent.options.callOptions())
                print("Done")
            }
        }
    }

    struct SeekBlessings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seekblessings",
            abstract: "Ask for blessings with a secret; print them in the text form `principal` reads.")
        @ParentCommand var parent: ClusterAgentCLI
        @Argument(help: "The secret.") var secret: String

        func run() async throws {
            try await reportingErrors {
                let wire = try await parent.options.connect().0.seekBlessings(secret: secret, options: parent.options.callOptions())
                print(try Blessings(wire: wire).base64URLEncoded())
            }
        }
    }

    struct Claim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Claim an unclaimed agent: grant it <default blessing>:EXTENSION.")
        @ParentCommand var parent: ClusterAgentCLI
        @Argument(help: "The extension the agent gets under the caller's blessing.") var `extension`: String

        func run() async throws {
            try await reportingErrors {
                let (agent, principal) = try await parent.options.connect()
                let grant = Grant(extension: `extension`, with: principal.blessingStore.defaultBlessings)
                try await agent.claim(options: parent.options.callOptions(grant: grant))
                print("Done")
            }
        }
    }
}

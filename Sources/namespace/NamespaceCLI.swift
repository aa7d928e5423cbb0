import ArgumentParser
import Foundation
import VDLCommandLine
import VDLNaming
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// `namespace glob|mount|unmount|resolve|delete`: inspect and change the mount tables.
@main
struct NamespaceCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "namespace", abstract: "Inspect and change the names in the mount tables.",
        discussion: "Relative names are resolved at --namespace-root (or $VDL_NAMESPACE_ROOT); rooted names (/host:port/...) address a mount table directly.",
        subcommands: [Glob.self, Mount.self, Unmount.self, Resolve.self, Delete.self])

    @OptionGroup var options: Options

    struct Options: ParsableArguments {
        @Option(help: "A mount table to resolve relative names at (repeatable; default $VDL_NAMESPACE_ROOT).")
        var namespaceRoot: [String] = []

        @Option(help: "The credentials directory (default: $VDL_CREDENTIALS; none: a new in-memory principal).")
        var credentials: String?

        @Flag(help: "Connect without TLS or authentication (to servers started with --plaintext).")
        var plaintext = false

        @Option(help: "Seconds to wait for each answer.")
        var timeout: Seconds = 10

        func namespace() async throws -> Namespace {
            let security = try await TransportSecurity.fromFlags(plaintext: plaintext, credentials: credentials, ephemeralName: "namespace")
            return try Namespace(roots: Namespace.roots(flags: namespaceRoot), security: security)
        }

        var callOptions: CallOptions { CallOptions(timeout: timeout.duration) }
    }

    struct Glob: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the names matching a pattern, with their servers.")
        @ParentCommand var parent: NamespaceCLI
        var options: Options { parent.options }
        @Argument(help: "The pattern: elements separated by /, each a shell pattern, and ... for any depth.") var pattern: String

        func run() async throws {
            try await reportingErrors {
                for entry in try await options.namespace().glob(pattern, options: options.callOptions) {
                    let servers = entry.servers.map { "\($0.server) (expires \(Self.format($0.deadline)))" }
                    print(([entry.name.isEmpty ? "(root)" : entry.name] + servers).joined(separator: " "))
                }
            }
        }

        static func format(_ time: Security.Time) -> String {
            ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(time.seconds)))
        }
    }

    struct Mount: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mount a server under a name.")
        @ParentCommand var parent: NamespaceCLI
        var options: Options { parent.options }
        @Argument(help: "The name.") var name: String
        @Argument(help: "The server's rooted name: /host:port or /(pattern)@host:port.") var server: String
        @Argument(help: "How long the mount lasts: seconds, or with a unit (90s, 10m, 2h).") var ttl: String
        @Flag(help: "The server is a mount table: resolution continues there.") var mountTable = false
        @Flag(help: "Replace the servers mounted at the name instead of adding one.") var replace = false

        func run() async throws {
            guard let seconds = Self.seconds(ttl) else {
                throw ValidationError("invalid TTL \"\(ttl)\": give seconds or a number with s, m or h")
            }
            let flags = Mounttable.MountFlag(rawValue: (mountTable ? Mounttable.mt.rawValue : 0) | (replace ? Mounttable.replace.rawValue : 0))
            try await reportingErrors {
                try await options.namespace().mount(name, server: server, ttl: .seconds(seconds), flags: flags, options: options.callOptions)
            }
        }

        static func seconds(_ text: String) -> Int64? {
            let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600]
            if let unit = text.last.flatMap({ units[$0] }), let value = Int64(text.dropLast()), value > 0 { return value * unit }
            if let value = Int64(text), value > 0 { return value }
            return nil
        }
    }

    struct Unmount: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a server from a name (every server when omitted).")
        @ParentCommand var parent: NamespaceCLI
        var options: Options { parent.options }
        @Argument(help: "The name.") var name: String
        @Argument(help: "The server's rooted name.") var server: String = ""

        func run() async throws {
            try await reportingErrors {
                try await options.namespace().unmount(name, server: server, options: options.callOptions)
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the servers a name resolves to, one per line.")
        @ParentCommand var parent: NamespaceCLI
        var options: Options { parent.options }
        @Argument(help: "The name.") var name: String

        func run() async throws {
            try await reportingErrors {
                for server in try await options.namespace().resolve(name, options: options.callOptions).servers {
                    print(server)
                }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a name from its mount table.")
        @ParentCommand var parent: NamespaceCLI
        var options: Options { parent.options }
        @Argument(help: "The name.") var name: String
        @Flag(help: "Also remove everything below the name.") var subtree = false

        func run() async throws {
            try await reportingErrors {
                try await options.namespace().delete(name, subtree: subtree, options: options.callOptions)
            }
        }
    }
}

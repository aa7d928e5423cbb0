import Allocator
import ArgumentParser
import Foundation
import VDLCommandLine
import VDLNaming
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// `allocator --allocator NAME create|destroy|list|suspend|resume|reset`.
@main
struct AllocatorCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocator", abstract: "Create and manage your instances of an allocator's service.",
        subcommands: [Create.self, Destroy.self, List.self, Suspend.self, Resume.self, Reset.self])

    @OptionGroup var options: Options

    struct Options: ParsableArguments {
        @Option(help: "The allocator: a name resolved at --namespace-root, host:port, or /(pattern)@host:port.")
        var allocator: String

        @Option(help: "A mount table to resolve names at (repeatable; default $VDL_NAMESPACE_ROOT).")
        var namespaceRoot: [String] = []

        @Option(help: "The credentials directory (default: $VDL_CREDENTIALS; none: a new in-memory principal).")
        var credentials: String?

        @Option(help: "Seconds to wait for an answer.")
        var timeout: Seconds = 60

        func client() async throws -> Allocator.Allocator.Client {
            let security = try await TransportSecurity.fromFlags(plaintext: false, credentials: credentials, ephemeralName: "allocator")
            let namespace = try Namespace(roots: Namespace.roots(flags: namespaceRoot), security: security)
            return Allocator.Allocator.Client(transport: try namespace.transport(for: allocator))
        }

        var callOptions: CallOptions { CallOptions(timeout: timeout.duration) }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an instance and print its handle.")
        @ParentCommand var parent: AllocatorCLI

        func run() async throws {
            try await reportingErrors { print(try await parent.options.client().create(options: parent.options.callOptions)) }
        }
    }

    struct Destroy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Destroy an instance with its disk.")
        @ParentCommand var parent: AllocatorCLI
        @Argument(help: "The instance's handle.") var handle: String

        func run() async throws {
            try await reportingErrors {
                try await parent.options.client().destroy(handle: handle, options: parent.options.callOptions)
                print("Destroyed")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your instances, newest first.")
        @ParentCommand var parent: AllocatorCLI
        @Flag(name: .short, help: "Show the details as a table.") var long = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let instances = try await reportingErrors { try await parent.options.client().list(options: parent.options.callOptions) }
            if json {
                print(String(decoding: try JSONSerialization.data(withJSONObject: instances.map(Self.object), options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
            } else if instances.isEmpty {
                FileHandle.standardError.write(Data("No results\n".utf8))
            } else if long {
                let rows = [["Handle", "State", "Replicas", "Created", "Version", "Mount name", "Blessings"]] + instances.map { instance in
                    [instance.handle, "\(instance.state)", "\(instance.replicas)", Self.date(instance.creationTime),
                     instance.version.isEmpty ? "-" : instance.version, instance.mountName, instance.blessingNames.joined(separator: ",")]
                }
                let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
                for row in rows {
                    print(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                        .trimmingCharacters(in: .whitespaces))
                }
            } else {
                for instance in instances { print(instance.handle) }
            }
        }

        static func date(_ time: Security.Time) -> String {
            ISO8601DateFormatter().string(from: time.date)
        }

        static func object(_ instance: Allocator.Instance) -> [String: Any] {
            ["handle": instance.handle, "mountName": instance.mountName, "blessingNames": instance.blessingNames,
             "creationTime": date(instance.creationTime), "replicas": Int(instance.replicas), "version": instance.version,
             "state": "\(instance.state)"]
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Scale an instance to zero, keeping its disk.")
        @ParentCommand var parent: AllocatorCLI
        @Argument(help: "The instance's handle.") var handle: String

        func run() async throws {
            try await reportingErrors {
                try await parent.options.client().suspend(handle: handle, options: parent.options.callOptions)
                print("Suspended")
            }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a suspended instance again.")
        @ParentCommand var parent: AllocatorCLI
        @Argument(help: "The instance's handle.") var handle: String

        func run() async throws {
            try await reportingErrors {
                try await parent.options.client().resume(handle: handle, options: parent.options.callOptions)
                print("Resumed")
            }
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recreate an instance's disk, empty, and restart it.")
        @ParentCommand var parent: AllocatorCLI
        @Argument(help: "The instance's handle.") var handle: String

        func run() async throws {
            try await reportingErrors {
                try await parent.options.client().reset(handle: handle, options: parent.options.callOptions)
                print("Reset")
            }
        }
    }
}

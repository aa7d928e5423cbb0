import ArgumentParser
import Foundation
import Provision
import VDLCommandLine
import VDLRPC
import VDLNaming
import VDLSecurity
import VDLTransport
import VDLWire

/// `provision`: keys, reservations, results.
@main
struct ProvisionCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision", abstract: "Reserve workloads on nodes and follow them.",
        subcommands: [Keys.self, Reserve.self, Get.self, Delete.self, List.self])
}

/// The options of every command that talks to the store.
struct StoreOptions: ParsableArguments {
    @Option(help: "The store: a name resolved at --namespace-root, host:port, unix:PATH, or /(pattern)@host:port to require the store's blessings.")
    var store: String

    @Option(help: "A mount table to resolve --store at (repeatable; default $VDL_NAMESPACE_ROOT).")
    var namespaceRoot: [String] = []

    @Option(help: "The user's credentials directory (default: $VDL_CREDENTIALS, else the agent at $VDL_AGENT_PATH); its key signs reservations.")
    var credentials: String?

    @Option(help: "Seconds to wait for an answer.")
    var timeout: Seconds = 10

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "Connect without TLS (to a store started with --plaintext; local testing only).")
    var plaintext = false

    /// The user: the principal of --credentials or $VDL_CREDENTIALS, else the one an agent
    /// lends on $VDL_AGENT_PATH.
    func user() async throws -> Principal {
        if let directory = Principal.credentialsDirectory(flag: credentials) {
            return try Principal.load(from: directory)
        }
        if let socket = ProcessInfo.processInfo.environment[Principal.agentEnvironmentVariable], !socket.isEmpty {
            return try await Principal.fromAgent(socketPath: socket)
        }
        throw ValidationError("no credentials: pass --credentials DIR, set VDL_CREDENTIALS, or run under an agent ($\(Principal.agentEnvironmentVariable)); create them with `provision keys create DIR`")
    }

    func client(as principal: Principal?) throws -> Provision.ReservationStore.Client {
        let security: TransportSecurity
        if plaintext {
            security = .plaintext
        } else {
            security = .tls(try principal ?? Principal.ephemeral(name: "provision"))
        }
        let namespace = try Namespace(roots: Namespace.roots(flags: namespaceRoot), security: security)
        return Provision.ReservationStore.Client(transport: try namespace.transport(for: store))
    }

    var options: CallOptions { CallOptions(timeout: timeout.duration) }
}

extension ProvisionCLI {
    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Manage keys.", subcommands: [Create.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create credentials: an Ed25519 key (for a user or a node) in a new directory.")
            @Argument(help: "The directory to create.") var directory: String
            @Option(help: "The name the key blesses itself with.") var name = "user"
            @Flag(help: "Print JSON instead of text.") var json = false

            func run() async throws {
                try await reportingErrors {
                    let principal = try Principal.create(in: directory, name: name)
                    let key = NodeIdentity.nodeID(of: principal.publicKey)
                    if json {
                        printJSON(["directory": directory, "publicKey": key])
                    } else {
                        print("directory: \(directory)\npublic-key: \(key)")
                    }
                }
            }
        }
    }

    struct Reserve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reserve a workload on a node; prints its ID.",
            discussion: """
                volume:    --size GiB [--disk ssd|hdd]
                container: --entrypoint CMD [--flist DIR] [--env K=V]... [--secret-env K=V]... \
                [--mount VOLUME-ID:/path]... [--cpu N] [--memory MiB]
                debug:     --host HOST --port PORT [--channel NAME]
                """)
        @OptionGroup var store: StoreOptions
        @Option(help: "The node ID (its public key in hex).") var node: String
        @Option(help: "volume, container, debug, network, zdb or kubernetes.") var type: String
        @Option(help: "How long the reservation lasts: 30s, 10m, 1h, 7d.") var duration = "1h"
        @Option(help: "Volume or zdb size in GiB.") var size: UInt64?
        @Option(help: "Disk type: ssd or hdd.") var disk = "ssd"
        @Option(help: "The container's entrypoint.") var entrypoint: String?
        @Option(help: "The container's image: a directory on the node.") var flist = ""
        @Option(help: "An environment variable K=V (repeatable).") var env: [String] = []
        @Option(help: "A secret environment variable K=V (repeatable).") var secretEnv: [String] = []
        @Option(help: "A volume mount VOLUME-ID:/path (repeatable).") var mount: [String] = []
        @Option(help: "CPU cores.") var cpu: UInt32 = 1
        @Option(help: "Memory in MiB.") var memory: UInt64 = 256
        @Option(help: "Debug: the log collector's host.") var host: String?
        @Option(help: "Debug: the log collector's port.") var port: UInt16?
        @Option(help: "Debug: the channel name.") var channel = ""

        func run() async throws {
            try await reportingErrors {
                guard let workloadType = Provision.WorkloadType(name: type) else {
                    throw ValidationError("unknown --type \(type): use volume, container, debug, network, zdb or kubernetes")
                }
                let data = try workload(workloadType)
                let durationMs = try DurationText.milliseconds(duration)
                _ = try NodeIdentity.publicKey(ofNodeID: node)
                let user = try await store.user()
                let client = try store.client(as: user)
                let ids = try await client.allocate(workloads: 1, options: store.options)
                guard let id = ids.first else { throw ValidationError("the store allocated no ID") }
                var reservation = Provision.Reservation(id: id, nodeID: node.lowercased(), type: workloadType, data: data,
                                                        created: ReservationStoreService.nowMilliseconds(), duration: durationMs)
                try await reservation.sign(with: user)
                let stored = try await client.reserve(reservation: reservation, options: store.options)
                if store.json { printJSON(["id": stored]) } else { print(stored) }
            }
        }

        func workload(_ type: Provision.WorkloadType) throws -> Provision.Workload {
            let diskType: Provision.DiskType
            switch disk.lowercased() {
            case "ssd": diskType = .ssd
            case "hdd": diskType = .hdd
            default: throw ValidationError("unknown --disk \(disk): use ssd or hdd")
            }
            switch type {
            case .volume:
                guard let size, size > 0 else { throw ValidationError("a volume needs --size GiB (at least 1)") }
                return .volume(Provision.Volume(size: size, type: diskType))
            case .container:
                guard let entrypoint, !entrypoint.isEmpty else { throw ValidationError("a container needs --entrypoint") }
                let mounts = try mount.map { text -> Provision.Mount in
                    guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
                        throw ValidationError("--mount \(text) is not VOLUME-ID:/path")
                    }
                    return Provision.Mount(volumeID: String(text[..<colon]), mountpoint: String(text[text.index(after: colon)...]))
                }
                return .container(Provision.Container(flist: flist, env: try pairs(env, "--env"), secretEnv: try pairs(secretEnv, "--secret-env"),
                                                      entrypoint: entrypoint, mounts: mounts,
                                                      capacity: Provision.ContainerCapacity(cpu: cpu, memory: memory)))
            case .debug:
                guard let host, !host.isEmpty, let port, port > 0 else { throw ValidationError("a debug workload needs --host and --port") }
                return .debug(Provision.Debug(host: host, port: port, channel: channel))
            case .zdb:
                guard let size, size > 0 else { throw ValidationError("a zdb needs --size GiB (at least 1)") }
                return .zdb(Provision.Zdb(size: size, diskType: diskType))
            case .network:
                return .network(Provision.Network())
            case .kubernetes:
                return .kubernetes(Provision.Kubernetes(size: 1))
            }
        }

        func pairs(_ items: [String], _ flag: String) throws -> [String: String] {
            var result: [String: String] = [:]
            for item in items {
                guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                    throw ValidationError("\(flag) \(item) is not KEY=VALUE")
                }
                result[String(item[..<equals])] = String(item[item.index(after: equals)...])
            }
            return result
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a reservation, its state and its verified result.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The reservation ID.") var id: String

        func run() async throws {
            try await reportingErrors {
                let record = try await store.client(as: try? await store.user()).get(id: id, options: store.options)
                if store.json { printJSON(describe(record)) } else { print(text(record)) }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ask for a reservation to be removed (its owner only).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The reservation ID.") var id: String

        func run() async throws {
            try await reportingErrors {
                let user = try await store.user()
                let client = try store.client(as: user)
                let record = try await client.get(id: id, options: store.options)
                let signature = try await record.reservation.deleteSignature(by: user)
                try await client.delete(id: id, signature: signature, options: store.options)
                if store.json { printJSON(["id": id, "toDelete": true]) } else { print("\(id): delete requested") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a node's reservations and reserved resources.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The node ID.") var node: String

        func run() async throws {
            try await reportingErrors {
                let (records, reserved) = try await store.client(as: try? await store.user()).list(nodeID: node, options: store.options)
                if store.json {
                    printJSON(["reservations": records.map(describe), "reserved": describe(reserved)])
                } else {
                    for record in records { print(summary(record)) }
                    let u = reserved.units, t = reserved.total
                    print("reserved: cru \(u.cru)/\(t.cru) mru \(u.mru)/\(t.mru) MiB sru \(u.sru)/\(t.sru) GiB hru \(u.hru)/\(t.hru) GiB")
                }
            }
        }
    }
}

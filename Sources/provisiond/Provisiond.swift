import ArgumentParser
import Foundation
import Logging
import Provision
import ServiceLifecycle
import VDLRPC
import VDLCommandLine
import VDLNaming
import VDLSecurity
import VDLTransport

/// `provisiond`: the node daemon. Polls the reservation store for this node's reservations,
/// applies them and reports signed results, until SIGTERM or SIGINT.
@main
struct Provisiond: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the reservations the store holds for this node.",
        discussion: """
            The node is the principal of --credentials (or $VDL_CREDENTIALS): its Ed25519 key signs \
            results and its public key, in hex, is the node ID. --root holds the cache \
            (root/cache), the poll cursor (root/cursor.pb) and the workloads' data (root/data).
            """)

    @Option(help: "The store: a name resolved at --namespace-root, host:port, unix:PATH, or /(pattern)@host:port to require the store's blessings.")
    var store: String

    @Option(help: "A mount table to resolve --store at (repeatable; default $VDL_NAMESPACE_ROOT).")
    var namespaceRoot: [String] = []

    @Option(help: "The node ID; must be the credentials' public key in hex (default: that key).")
    var nodeID: String?

    @Option(help: "The directory holding the cache, the cursor and the workloads' data.")
    var root: String

    @Option(help: "The node's credentials directory (default: $VDL_CREDENTIALS, else the agent at $VDL_AGENT_PATH).")
    var credentials: String?

    @Option(help: "Declared CPU cores (CRU).") var cru: UInt64 = 4
    @Option(help: "Declared memory in MiB (MRU).") var mru: UInt64 = 4096
    @Option(help: "Declared SSD storage in GiB (SRU).") var sru: UInt64 = 100
    @Option(help: "Declared HDD storage in GiB (HRU).") var hru: UInt64 = 1000

    @Option(help: "Seconds between sweeps for expired reservations.")
    var decommissionInterval: Seconds = 10

    @Flag(help: "Talk to the store without TLS (a store started with --plaintext; local testing only).")
    var plaintext = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .notice

    func run() async throws {
        // Log records go to standard error and to debug workloads.
        let logs = LogBroadcaster()
        var logger = Logger(label: "provisiond") { label in
            MultiplexLogHandler([StreamLogHandler.standardError(label: label), logs.handler(label: label)])
        }
        logger.logLevel = logLevel
        guard decommissionInterval.value <= 86_400 else {
            throw ValidationError("--decommission-interval must be in (0, 86400] seconds")
        }
        let node: Principal
        if let directory = Principal.credentialsDirectory(flag: credentials) {
            node = try Principal.load(from: directory)
        } else if let socket = ProcessInfo.processInfo.environment[Principal.agentEnvironmentVariable], !socket.isEmpty {
            node = try await Principal.fromAgent(socketPath: socket)
        } else {
            throw ValidationError("no node credentials: pass --credentials DIR, set VDL_CREDENTIALS, or run under an agent ($\(Principal.agentEnvironmentVariable)); create them with `provision keys create DIR`")
        }
        let ownID = NodeIdentity.nodeID(of: node.publicKey)
        if let nodeID, nodeID.lowercased() != ownID {
            throw ValidationError("--node-id \(nodeID) is not the node's public key (\(ownID))")
        }
        let namespace = try Namespace(roots: Namespace.roots(flags: namespaceRoot), security: plaintext ? .plaintext : .tls(node))
        let client = Provision.ReservationStore.Client(transport: try namespace.transport(for: store))

        let daemon = try NodeDaemon(root: root, node: node, store: client,
                                    capacity: Capacity(total: Provision.ResourceUnits(cru: cru, mru: mru, sru: sru, hru: hru)),
                                    decommissionInterval: decommissionInterval.duration,
                                    logs: logs, logger: logger)
        print("Node \(ownID)")
        fflush(nil)
        let group = ServiceGroup(services: [DaemonService(daemon: daemon)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

/// Runs the daemon in a service group, so SIGTERM and SIGINT stop it.
struct DaemonService: Service {
    let daemon: NodeDaemon

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await daemon.run()
        }
    }
}

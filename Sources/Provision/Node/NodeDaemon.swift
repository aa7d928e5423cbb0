import Foundation
import Logging
import VDLSecurity

/// provisiond assembled: the cache, the provisioners, the engine, the poll and decommission
/// sources. `<root>/cache` holds the cache, `<root>/cursor.pb` the poll cursor and
/// `<root>/data` the workloads (volumes, containers).
public final class NodeDaemon: Sendable {
    /// The engine applying reservations.
    public let engine: ProvisionEngine
    /// The applied reservations (`<root>/cache`).
    public let cache: ReservationCache
    /// The poll source and the decommission source.
    public let source: CombinedSource
    private let containers: ContainerProvisioner
    private let debug: DebugProvisioner?
    private let logger: Logger

    /// - Parameters:
    ///   - node: the node's principal; its key signs results and names the node.
    ///   - store: the reservation store.
    ///   - capacity: what the node declares; reservations beyond it are refused.
    ///   - logs: the daemon's log records, for debug workloads to forward; without it, debug
    ///     workloads are refused as unsupported.
    public init(root: String, node: Principal, store: Provision.ReservationStore.Client, capacity: Capacity,
                decommissionInterval: Duration = .seconds(10), pollTimeout: Duration = .seconds(30),
                engineConfiguration: ProvisionEngineConfiguration = ProvisionEngineConfiguration(),
                logs: LogBroadcaster? = nil, logger: Logger = Logger(label: "provisiond")) throws {
        let cache = try ReservationCache(directory: root + "/cache", logger: logger)
        let dataRoot = root + "/data"
        try DurableFiles.makeDirectory(dataRoot)
        let containers = ContainerProvisioner()
        var registry = ProvisionerRegistry()
        registry.register(VolumeProvisioner(), for: .volume)
        registry.register(containers, for: .container)
        for type in [Provision.WorkloadType.network, .zdb, .kubernetes, .debug] {
            registry.register(UnsupportedProvisioner(type: type), for: type)
        }
        let debug = logs.map { DebugProvisioner(broadcaster: $0) }
        if let debug { registry.register(debug, for: .debug) }
        let context = NodeContext(dataRoot: dataRoot, cache: cache, logger: logger)
        let engine = ProvisionEngine(node: node, store: store, context: context, registry: registry,
                                     capacity: capacity, configuration: engineConfiguration)
        var poll = PollSource(nodeID: engine.nodeID, store: store, cursor: PollCursor(path: root + "/cursor.pb"), logger: logger)
        poll.pollTimeout = pollTimeout
        let decommission = DecommissionSource(cache: cache, interval: decommissionInterval,
                                              maxRounds: engineConfiguration.maxDecommissionRounds,
                                              now: engineConfiguration.now, logger: logger)
        self.engine = engine
        self.cache = cache
        self.source = CombinedSource([poll, decommission])
        self.containers = containers
        self.debug = debug
        self.logger = logger
        for (path, reason) in cache.corruptFiles {
            logger.error("corrupt cache file skipped", metadata: ["path": "\(path)", "reason": "\(reason)"])
        }
        // Workload directories without a cache entry: an attempt cut short, or a corrupt entry.
        // They are kept (data is never removed on a guess) and removed when their reservation is
        // decommissioned.
        for kind in ["volumes", "containers"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dataRoot + "/" + kind)) ?? []
            for name in names.sorted() where cache.entry(name) == nil {
                logger.warning("workload directory without a cache entry", metadata: ["path": "\(dataRoot)/\(kind)/\(name)"])
            }
        }
    }

    /// Restores applied workloads, then applies reservations until the task is cancelled.
    /// Containers keep running after it returns; the next start adopts them.
    public func run() async throws {
        await engine.start()
        defer {
            containers.detachAll()
            debug?.detachAll()
        }
        logger.info("node started", metadata: ["node": "\(engine.nodeID)", "applied": "\(cache.all.count)"])
        do {
            try await engine.run(source)
        } catch is CancellationError {
        }
    }
}

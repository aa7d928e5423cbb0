import Foundation
import Logging
import Provision
import Synchronization
import VDLRPC
import VDLSecurity

/// Records what it is asked to do; can be told to fail.
final class RecordingProvisioner: Provisioner {
    let log = Mutex<[String]>([])
    let failProvision = Mutex<Bool>(false)
    let failDecommission = Mutex<Bool>(false)

    struct Failure: Error, CustomStringConvertible { var description: String }

    func provision(_ reservation: Provision.Reservation, on node: NodeContext) async throws -> Provision.ResultData {
        log.withLock { $0.append("provision \(reservation.type.name) \(reservation.id)") }
        if failProvision.withLock({ $0 }) { throw Failure(description: "injected provisioning failure") }
        return .empty(Provision.Empty())
    }

    func decommission(_ entry: ProvisionState.CacheEntry, on node: NodeContext) async throws {
        log.withLock { $0.append("decommission \(entry.reservation.type.name) \(entry.reservation.id)") }
        if failDecommission.withLock({ $0 }) { throw Failure(description: "injected decommission failure") }
    }

    var calls: [String] { log.withLock { $0 } }
}

/// A store in process and a node engine over a temporary root.
struct EngineHarness {
    let user = Principal()
    let node = Principal()
    let directory = Fixtures.temporaryDirectory()
    let store: ReservationStoreService
    let transport: FlakyTransport
    let client: Provision.ReservationStore.Client
    let recorder = RecordingProvisioner()
    var nodeID: String { NodeIdentity.nodeID(of: node.publicKey) }

    init() throws {
        var configuration = ReservationStoreConfiguration()
        configuration.maxPollWait = .milliseconds(300)
        store = try ReservationStoreService(directory: directory + "/store", configuration: configuration, logger: Fixtures.logger("store"))
        transport = FlakyTransport(InProcessTransport([Provision.ReservationStore.registration(store)]))
        client = Provision.ReservationStore.Client(transport: transport)
    }

    /// An engine over `<directory>/node`: volumes real, every other type recorded.
    func engine(total: Provision.ResourceUnits = Provision.ResourceUnits(cru: 8, mru: 8192, sru: 100, hru: 100),
                realContainers: Bool = false,
                configure: (inout ProvisionEngineConfiguration) -> Void = { _ in }) throws -> (ProvisionEngine, ReservationCache) {
        let cache = try ReservationCache(directory: directory + "/node/cache", logger: Fixtures.logger("cache"))
        var registry = ProvisionerRegistry()
        for type in [Provision.WorkloadType.network, .zdb, .debug, .kubernetes, .container] {
            registry.register(recorder, for: type)
        }
        registry.register(VolumeProvisioner(), for: .volume)
        if realContainers { registry.register(ContainerProvisioner(), for: .container) }
        var configuration = ProvisionEngineConfiguration()
        configuration.initialBackoff = .milliseconds(10)
        configuration.maxBackoff = .milliseconds(40)
        configuration.deliveryAttempts = 2
        configure(&configuration)
        let context = NodeContext(dataRoot: directory + "/node/data", cache: cache, logger: Fixtures.logger("node"))
        let engine = ProvisionEngine(node: node, store: client, context: context, registry: registry,
                                     capacity: Capacity(total: total), configuration: configuration)
        return (engine, cache)
    }

    /// Allocates an ID and stores a signed reservation with `data`.
    func reserve(_ data: Provision.Workload, duration: Int64 = 3_600_000) async throws -> Provision.Reservation {
        let ids = try await client.allocate(workloads: 1)
        let reservation = try await Fixtures.signed(id: ids[0], node: node, user: user, data: data, duration: duration)
        _ = try await client.reserve(reservation: reservation)
        return reservation
    }

    func volume(_ size: UInt64 = 1) -> Provision.Workload { .volume(Provision.Volume(size: size, type: .ssd)) }

    /// Waits (bounded) until `condition` holds.
    func eventually(_ timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

import Foundation
import Logging
import VDLRPC
import VDLSecurity
import VDLWire

/// Applies reservations on a node, one at a time, and reports a signed result for each attempt.
///
/// For each reservation: one for another node is ignored; one whose user signature (or delete
/// signature) does not verify is refused with an error result; an expired or to-delete one is
/// decommissioned; any other is provisioned unless it is already applied (then its cached
/// result is sent again, nothing is redeployed). Within a batch, decommissions come first
/// (compute, then storage, then networks), then provisions (networks, storage, compute).
///
/// Provisioned workloads are cached; failures are not. Decommissioning something never
/// deployed or already gone is confirmed as deleted. A decommission that keeps failing is
/// retried ``ProvisionEngineConfiguration/decommissionAttempts`` times per round, reported as
/// an error result, and given up after ``ProvisionEngineConfiguration/maxDecommissionRounds``
/// rounds. After each change the node's reserved resources are reported to the store.
public final class ProvisionEngine: Sendable {
    /// What the engine sends to the store after handling one reservation.
    public enum Outcome: Sendable, Equatable {
        case result(Provision.Result)
        case deleted(String)
    }

    /// The node's ID (its public key in hex).
    public let nodeID: String
    private let node: Principal
    private let store: Provision.ReservationStore.Client
    private let cache: ReservationCache
    private let registry: ProvisionerRegistry
    private let context: NodeContext
    private let capacity: Capacity
    private let configuration: ProvisionEngineConfiguration
    private let gate = AsyncLock()
    private var logger: Logger { context.logger }

    /// An engine for the node `node` (whose key signs results and names the node), applying with
    /// the provisioners of `registry` within `capacity`.
    public init(node: Principal, store: Provision.ReservationStore.Client, context: NodeContext,
                registry: ProvisionerRegistry, capacity: Capacity,
                configuration: ProvisionEngineConfiguration = ProvisionEngineConfiguration()) {
        self.node = node
        self.nodeID = NodeIdentity.nodeID(of: node.publicKey)
        self.store = store
        self.cache = context.cache
        self.context = context
        self.registry = registry
        self.capacity = capacity
        self.configuration = configuration
    }

    /// Restores applied workloads (e.g. restarts or adopts container processes) and reports
    /// the node's reserved resources.
    public func start() async {
        _ = try? await gate.withLock {
            for entry in self.cache.all {
                await self.registry.provisioner(for: entry.reservation.type).restore(entry, on: self.context)
            }
            await self.reportResources()
        }
    }

    /// Runs `source` until the task is cancelled, applying each batch it hands over.
    public func run(_ source: any ReservationSource) async throws {
        try await source.run { batch in try await self.apply(batch) }
    }

    /// Applies a batch in dependency order and delivers every outcome; throws when an outcome
    /// could not be delivered (the caller must then hand the batch over again). Batches are
    /// applied one at a time.
    @discardableResult
    public func apply(_ batch: [Provision.Reservation]) async throws -> [Outcome] {
        try await gate.withLock {
            var outcomes: [Outcome] = []
            for reservation in self.ordered(batch) {
                guard let (outcome, changed) = await self.handle(reservation) else { continue }
                outcomes.append(outcome)
                if changed { await self.reportResources() }
                try await self.deliver(outcome)
            }
            return outcomes
        }
    }

    /// The reservations of `batch`, each ID once (its last occurrence), decommissions first.
    func ordered(_ batch: [Provision.Reservation]) -> [Provision.Reservation] {
        var latest: [String: Provision.Reservation] = [:]
        var order: [String] = []
        for reservation in batch {
            if latest.updateValue(reservation, forKey: reservation.id) == nil { order.append(reservation.id) }
        }
        let unique = order.compactMap { latest[$0] }
        let now = configuration.now()
        let removals = unique.filter { $0.toDelete || $0.isExpired(at: now) }
        let additions = unique.filter { !($0.toDelete || $0.isExpired(at: now)) }
        // Stable sorts: the store's order is kept within a type class.
        let sortedRemovals = removals.enumerated().sorted {
            ($0.element.type.applyOrder, $1.offset) > ($1.element.type.applyOrder, $0.offset)
        }.map(\.element)
        let sortedAdditions = additions.enumerated().sorted {
            ($0.element.type.applyOrder, $0.offset) < ($1.element.type.applyOrder, $1.offset)
        }.map(\.element)
        return sortedRemovals + sortedAdditions
    }

    /// Handles one reservation; nil when there is nothing to tell the store. The flag says
    /// whether the node's reserved resources changed.
    private func handle(_ reservation: Provision.Reservation) async -> (Outcome, Bool)? {
        let id = reservation.id
        guard reservation.nodeID == nodeID else {
            logger.warning("ignoring a reservation for another node", metadata: ["id": "\(id)", "node": "\(reservation.nodeID.prefix(16))"])
            return nil
        }
        do {
            try reservation.validate()
            try reservation.verifySignatures()
        } catch {
            logger.error("refusing a reservation", metadata: ["id": "\(id)", "error": "\(error)"])
            return await errorResult(for: reservation, "refused: \(error)")
        }
        if reservation.toDelete || reservation.isExpired(at: configuration.now()) {
            return await decommission(reservation)
        }
        return await provision(reservation)
    }

    private func provision(_ reservation: Provision.Reservation) async -> (Outcome, Bool)? {
        let id = reservation.id
        if let applied = cache.entry(id) {
            logger.debug("already applied", metadata: ["id": "\(id)"])
            return (.result(applied.result), false)
        }
        do {
            let used = capacity.report(for: cache.all.map(\.reservation), time: 0).units
            try capacity.check(reservation, used: used)
            let data = try await registry.provisioner(for: reservation.type).provision(reservation, on: context)
            var result = Provision.Result(type: reservation.type, id: id, created: configuration.now(), state: .ok, data: data)
            try await result.sign(with: node)
            try cache.put(ProvisionState.CacheEntry(reservation: reservation, result: result))
            logger.info("provisioned", metadata: ["id": "\(id)", "type": "\(reservation.type.name)"])
            return (.result(result), true)
        } catch {
            logger.error("provisioning failed", metadata: ["id": "\(id)", "error": "\(error)"])
            return await errorResult(for: reservation, "\(error)")
        }
    }

    private func decommission(_ reservation: Provision.Reservation) async -> (Outcome, Bool)? {
        let id = reservation.id
        guard var entry = cache.entry(id) else {
            // Never deployed here, or already removed: that is success. An attempt cut short
            // before it was cached may have left something (a directory, a process), so the
            // provisioner still gets to remove whatever it finds.
            do {
                try await registry.provisioner(for: reservation.type)
                    .decommission(ProvisionState.CacheEntry(reservation: reservation), on: context)
            } catch {
                logger.warning("cannot remove what an interrupted attempt left", metadata: ["id": "\(id)", "error": "\(error)"])
            }
            return (.deleted(id), false)
        }
        guard entry.decommissionAttempts < configuration.maxDecommissionRounds else {
            logger.warning("decommission given up", metadata: ["id": "\(id)", "error": "\(entry.lastError)"])
            return nil
        }
        let provisioner = registry.provisioner(for: entry.reservation.type)
        var lastError = ""
        for attempt in 1...max(1, configuration.decommissionAttempts) {
            do {
                try await provisioner.decommission(entry, on: context)
                try cache.remove(id)
                logger.info("decommissioned", metadata: ["id": "\(id)"])
                return (.deleted(id), true)
            } catch {
                lastError = "\(error)"
                logger.warning("decommission failed", metadata: ["id": "\(id)", "attempt": "\(attempt)", "error": "\(error)"])
                if attempt < configuration.decommissionAttempts {
                    try? await Task.sleep(for: configuration.backoff(attempt: attempt))
                }
            }
        }
        entry.decommissionAttempts += 1
        entry.lastError = lastError
        do { try cache.put(entry) } catch {
            logger.error("cannot record a failed decommission", metadata: ["id": "\(id)", "error": "\(error)"])
        }
        return await errorResult(for: entry.reservation, "decommission failed (round \(entry.decommissionAttempts) of \(configuration.maxDecommissionRounds)): \(lastError)")
    }

    /// A signed error result; nil (logged) when it cannot be signed.
    private func errorResult(for reservation: Provision.Reservation, _ message: String) async -> (Outcome, Bool)? {
        var result = Provision.Result(type: reservation.type, id: reservation.id, created: configuration.now(), state: .error, error: message)
        do {
            try await result.sign(with: node)
        } catch {
            logger.error("cannot sign a result", metadata: ["id": "\(reservation.id)", "error": "\(error)"])
            return nil
        }
        return (.result(result), false)
    }

    /// Sends `outcome` to the store, retrying transport failures with backoff. An answer from
    /// the store itself refusing it (a `provision.*` error) is logged and not retried: sending
    /// it again would get the same answer.
    func deliver(_ outcome: Outcome) async throws {
        let attempts = max(1, configuration.deliveryAttempts)
        for attempt in 1...attempts {
            do {
                switch outcome {
                case .result(let result):
                    try await store.feedback(id: result.id, result: result)
                case .deleted(let id):
                    let signature = try await node.signature(for: DeletionConfirmation.signedBytes(id: id))
                    try await store.deleted(id: id, signature: signature)
                }
                return
            } catch let error as VDLError where error.id.hasPrefix("provision.") {
                logger.error("the store refused an outcome", metadata: ["outcome": "\(outcome)", "error": "\(error)"])
                return
            } catch {
                guard attempt < attempts, !Task.isCancelled else { throw error }
                logger.warning("cannot reach the store; retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                try await Task.sleep(for: configuration.backoff(attempt: attempt))
            }
        }
    }

    /// Reports the node's reserved resources (best effort: a failure is logged; the next
    /// change reports again).
    func reportResources() async {
        let report = capacity.report(for: cache.all.map(\.reservation), time: configuration.now())
        do {
            let signature = try await node.signature(for: try report.signedBytes(nodeID: nodeID))
            try await store.updateReservedResources(nodeID: nodeID, reserved: report, signature: signature,
                                                    options: CallOptions(timeout: .seconds(5)))
        } catch {
            logger.warning("cannot report reserved resources", metadata: ["error": "\(error)"])
        }
    }
}

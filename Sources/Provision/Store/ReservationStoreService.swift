import Foundation
import Logging
import Synchronization
import VDLRPC
import VDLSecurity

/// The reservation store: users reserve signed workloads for nodes, nodes poll their queue,
/// apply what they get and report signed results.
///
/// State is durable: every change is written (atomically, synced) before it is answered, so a
/// restarted store loses nothing it acknowledged. Reservation numbers are sequential; a user
/// first `Allocate`s IDs, then signs reservations carrying them, so the signature covers the
/// ID (and an ID is used once, so a signed reservation cannot be replayed).
///
/// Each node has a queue of reservation IDs — new reservations, deletes and expiries, in the
/// order they happened — and polls it by cursor (an index into the queue). Deletes and
/// expiries the node has not confirmed with `Deleted` are signalled again after
/// ``ReservationStoreConfiguration/redeliverUnconfirmedAfter``.
public final class ReservationStoreService: Provision.ReservationStore.Service {
    private struct State {
        var counters: ProvisionState.StoreCounters
        var records: [String: Provision.Record]
        var queues: [String: ProvisionState.NodeQueue]
        /// Order in which allocations were made, to drop the oldest beyond the bound.
        var allocationOrder: [String]
        /// When each unconfirmed delete or expiry was last signalled (not persisted: after a
        /// restart everything unconfirmed is signalled again after the redelivery delay).
        var lastSignalled: [String: ContinuousClock.Instant] = [:]
    }

    private let files: StoreFiles
    private let configuration: ReservationStoreConfiguration
    private let logger: Logger
    private let state: Mutex<State>
    private let waiters = ChangeWaiters()

    /// Opens (or creates) the store in `directory`. Throws when a state file is damaged,
    /// naming it.
    public init(directory: String, configuration: ReservationStoreConfiguration = ReservationStoreConfiguration(),
                logger: Logger = Logger(label: "provision.store")) throws {
        self.files = try StoreFiles(root: directory)
        self.configuration = configuration
        self.logger = logger
        var loaded = try files.load()
        // Repair what a crash in the middle of Reserve or Delete can leave: a record that is not
        // in its node's queue, an allocation that was used.
        for record in loaded.records.values.sorted(by: { Self.order($0.reservation.id, $1.reservation.id) }) {
            let id = record.reservation.id
            if loaded.counters.allocated.remove(id) != nil { try files.save(loaded.counters) }
            var queue = loaded.queues[record.reservation.nodeID] ?? ProvisionState.NodeQueue(nodeID: record.reservation.nodeID)
            if !queue.entries.contains(id) {
                queue.entries.append(id)
                if record.reservation.toDelete { queue.entries.append(id) }
                try files.save(queue)
                loaded.queues[queue.nodeID] = queue
            }
        }
        let now = ContinuousClock.now
        var lastSignalled: [String: ContinuousClock.Instant] = [:]
        for record in loaded.records.values where !record.deleted {
            let expired = loaded.queues[record.reservation.nodeID]?.expirySignalled.contains(record.reservation.id) == true
            if record.reservation.toDelete || expired { lastSignalled[record.reservation.id] = now }
        }
        self.state = Mutex(State(counters: loaded.counters, records: loaded.records, queues: loaded.queues,
                                 allocationOrder: loaded.counters.allocated.sorted(by: Self.order),
                                 lastSignalled: lastSignalled))
        logger.info("store opened", metadata: ["directory": "\(directory)", "reservations": "\(loaded.records.count)"])
    }

    // MARK: - Users

    /// Persists the next reservation number with its IDs before answering.
    public func allocate(workloads: UInt32, context: ServerCallContext) async throws -> [String] {
        guard workloads >= 1, workloads <= configuration.maxWorkloadsPerReservation else {
            throw Provision.InvalidArgument(reason: "workloads must be 1 to \(configuration.maxWorkloadsPerReservation), got \(workloads)")
        }
        return try state.withLock { state in
            var counters = state.counters
            let number = max(counters.nextReservation, 1)
            counters.nextReservation = number + 1
            let ids = (1...workloads).map { "\(number)-\($0)" }
            counters.allocated.formUnion(ids)
            var order = state.allocationOrder + ids
            if order.count > configuration.maxOutstandingAllocations {
                let dropped = order.prefix(order.count - configuration.maxOutstandingAllocations)
                counters.allocated.subtract(dropped)
                order.removeFirst(dropped.count)
            }
            try files.save(counters)
            state.counters = counters
            state.allocationOrder = order
            return ids
        }
    }

    /// Checks the shape, the clock, the signatures and the allocation; stores and queues it.
    public func reserve(reservation: Provision.Reservation, context: ServerCallContext) async throws -> String {
        try reservation.validate()
        guard !reservation.toDelete, reservation.deleteSignature.isEmpty else {
            throw Provision.InvalidReservation(reason: "a new reservation cannot be marked ToDelete")
        }
        let skew = Int64(configuration.maxClockSkew.components.seconds) * 1000
        let now = Self.nowMilliseconds()
        guard abs(reservation.created - now) <= skew else {
            throw Provision.InvalidReservation(reason: "reservation \(reservation.id) was created at \(reservation.created) ms, more than \(skew / 1000) s from the store's clock (\(now) ms)")
        }
        try reservation.verifySignatures()
        let id = reservation.id
        try state.withLock { state in
            guard state.records[id] == nil else {
                throw Provision.InvalidReservation(reason: "ID \(id) is already used")
            }
            guard state.counters.allocated.contains(id) else {
                throw Provision.InvalidReservation(reason: "ID \(id) was not allocated by this store (call Allocate first)")
            }
            let record = Provision.Record(reservation: reservation)
            try files.save(record)
            state.records[id] = record
            try appendToQueue(&state, node: reservation.nodeID, id: id)
            var counters = state.counters
            counters.allocated.remove(id)
            try files.save(counters)
            state.counters = counters
            state.allocationOrder.removeAll { $0 == id }
        }
        waiters.wake(node: reservation.nodeID)
        logger.info("reserved", metadata: ["id": "\(id)", "node": "\(reservation.nodeID.prefix(16))", "type": "\(reservation.type.name)"])
        return id
    }

    /// The record, or `NotFound`.
    public func get(id: String, context: ServerCallContext) async throws -> Provision.Record {
        guard let record = state.withLock({ $0.records[id] }) else { throw Provision.NotFound(id: id) }
        return record
    }

    /// The node's records in ID order and its latest report.
    public func list(nodeID: String, context: ServerCallContext) async throws -> (records: [Provision.Record], reserved: Provision.ReservedResources) {
        _ = try NodeIdentity.publicKey(ofNodeID: nodeID)
        return state.withLock { state in
            let records = state.records.values.filter { $0.reservation.nodeID == nodeID }
                .sorted { Self.order($0.reservation.id, $1.reservation.id) }
            return (records, state.queues[nodeID]?.reserved ?? Provision.ReservedResources())
        }
    }

    /// Verifies the owner's delete signature, marks the reservation and queues it for its node;
    /// asking again (or after the node confirmed) changes nothing.
    public func delete(id: String, signature: [UInt8], context: ServerCallContext) async throws {
        guard let record = state.withLock({ $0.records[id] }) else { throw Provision.NotFound(id: id) }
        var marked = record.reservation
        marked.toDelete = true
        marked.deleteSignature = signature
        try marked.verifySignatures()
        let node = marked.nodeID
        let changed = try state.withLock { state -> Bool in
            guard var current = state.records[id], !current.reservation.toDelete, !current.deleted else { return false }
            current.reservation = marked
            try files.save(current)
            state.records[id] = current
            try appendToQueue(&state, node: node, id: id)
            state.lastSignalled[id] = .now
            return true
        }
        if changed {
            waiters.wake(node: node)
            logger.info("delete requested", metadata: ["id": "\(id)"])
        }
    }

    // MARK: - Nodes

    /// Answers at once when entries from `from` (or deletes due again) are pending, else waits for
    /// one until the poll bound or shortly before the call's deadline, then answers empty.
    public func poll(nodeID: String, from: UInt64, context: ServerCallContext) async throws -> (reservations: [Provision.Reservation], next: UInt64) {
        _ = try NodeIdentity.publicKey(ofNodeID: nodeID)
        var limit = ContinuousClock.now + configuration.maxPollWait
        if let deadline = context.deadline {
            // Answer a little before the caller gives up, so that an empty answer arrives.
            limit = min(limit, deadline - .milliseconds(500))
        }
        // Bounded: each round either answers or waits until woken or until `limit`.
        for _ in 0..<10_000 {
            let (batch, next) = try pending(nodeID: nodeID, from: from)
            if !batch.isEmpty || ContinuousClock.now >= limit || Task.isCancelled {
                return (batch, next)
            }
            let remaining = ContinuousClock.now.duration(to: limit)
            let redelivery = configuration.redeliverUnconfirmedAfter
            await waiters.wait(node: nodeID, timeout: min(remaining, redelivery)) { [self] in
                self.state.withLock { UInt64($0.queues[nodeID]?.entries.count ?? 0) <= from }
            }
        }
        return (try pending(nodeID: nodeID, from: from).0, from)
    }

    /// Verifies the node's signature and keeps the newest result.
    public func feedback(id: String, result: Provision.Result, context: ServerCallContext) async throws {
        guard let record = state.withLock({ $0.records[id] }) else { throw Provision.NotFound(id: id) }
        guard result.id == id else {
            throw Provision.InvalidArgument(reason: "the result is for \(result.id), not \(id)")
        }
        guard result.type == record.reservation.type else {
            throw Provision.InvalidArgument(reason: "the result is for a \(result.type.name), reservation \(id) is a \(record.reservation.type.name)")
        }
        try result.verify(nodeID: record.reservation.nodeID)
        try state.withLock { state in
            guard var current = state.records[id] else { return }
            if let held = current.result, held.created > result.created { return }  // keep the newest
            current.result = result
            try files.save(current)
            state.records[id] = current
        }
        logger.info("result", metadata: ["id": "\(id)", "state": "\(result.state.vdlLabel)", "error": "\(result.error)"])
    }

    /// Verifies the node's confirmation and marks the record deleted; repeats are fine.
    public func deleted(id: String, signature: [UInt8], context: ServerCallContext) async throws {
        guard let record = state.withLock({ $0.records[id] }) else { throw Provision.NotFound(id: id) }
        let key = try NodeIdentity.publicKey(ofNodeID: record.reservation.nodeID)
        guard key.isValidSignature(signature, for: DeletionConfirmation.signedBytes(id: id)) else {
            throw Provision.BadSignature(what: "the deletion of \(id) is not confirmed by its node's key")
        }
        try state.withLock { state in
            guard var current = state.records[id], !current.deleted else { return }
            current.deleted = true
            try files.save(current)
            state.records[id] = current
            state.lastSignalled[id] = nil
        }
        logger.info("deleted", metadata: ["id": "\(id)"])
    }

    /// Verifies the node's signature and keeps the report unless a newer one is held.
    public func updateReservedResources(nodeID: String, reserved: Provision.ReservedResources, signature: [UInt8], context: ServerCallContext) async throws {
        let key = try NodeIdentity.publicKey(ofNodeID: nodeID)
        guard key.isValidSignature(signature, for: try reserved.signedBytes(nodeID: nodeID)) else {
            throw Provision.BadSignature(what: "the resource report is not signed by node \(nodeID.prefix(16))…")
        }
        try state.withLock { state in
            var queue = state.queues[nodeID] ?? ProvisionState.NodeQueue(nodeID: nodeID)
            guard reserved.time >= queue.reserved.time else {
                throw Provision.InvalidArgument(reason: "the resource report of \(reserved.time) ms is older than the one held (\(queue.reserved.time) ms)")
            }
            queue.reserved = reserved
            try files.save(queue)
            state.queues[nodeID] = queue
        }
    }

    // MARK: - Expiry

    /// Queues reservations that have expired for their nodes to decommission; returns how
    /// many it queued. ``runExpirySweeper()`` calls it periodically.
    @discardableResult
    public func sweepExpired(now: Int64 = ReservationStoreService.nowMilliseconds()) throws -> Int {
        let woken = try state.withLock { state -> Set<String> in
            var nodes: Set<String> = []
            let expired = state.records.values.filter { record in
                !record.deleted && !record.reservation.toDelete && record.reservation.isExpired(at: now)
                    && state.queues[record.reservation.nodeID]?.expirySignalled.contains(record.reservation.id) != true
            }
            for record in expired.sorted(by: { Self.order($0.reservation.id, $1.reservation.id) }) {
                let id = record.reservation.id, node = record.reservation.nodeID
                var queue = state.queues[node] ?? ProvisionState.NodeQueue(nodeID: node)
                queue.entries.append(id)
                queue.expirySignalled.insert(id)
                try files.save(queue)
                state.queues[node] = queue
                state.lastSignalled[id] = .now
                nodes.insert(node)
            }
            return nodes
        }
        for node in woken { waiters.wake(node: node) }
        return woken.count
    }

    /// Sweeps for expired reservations every ``ReservationStoreConfiguration/expirySweepInterval``
    /// until the task is cancelled.
    public func runExpirySweeper() async {
        while !Task.isCancelled {
            do {
                try sweepExpired()
            } catch {
                logger.error("expiry sweep failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: configuration.expirySweepInterval)
        }
    }

    /// The current time in Unix milliseconds.
    public static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    // MARK: - Internals

    private func appendToQueue(_ state: inout State, node: String, id: String) throws {
        var queue = state.queues[node] ?? ProvisionState.NodeQueue(nodeID: node)
        queue.entries.append(id)
        try files.save(queue)
        state.queues[node] = queue
    }

    /// The reservations of `nodeID`'s queue from `from` (at most a batch), then unconfirmed
    /// deletes and expiries due for another signal; and the next cursor.
    private func pending(nodeID: String, from: UInt64) throws -> ([Provision.Reservation], UInt64) {
        try state.withLock { state in
            let entries = state.queues[nodeID]?.entries ?? []
            guard from <= UInt64(entries.count) else {
                throw Provision.InvalidArgument(reason: "cursor \(from) is past the end of node \(nodeID.prefix(16))…'s queue (\(entries.count) entries)")
            }
            let start = Int(from)
            let end = min(entries.count, start + configuration.maxPollBatch)
            var batch = entries[start..<end].compactMap { state.records[$0]?.reservation }
            var seen = Set(entries[start..<end])
            let now = ContinuousClock.now
            let due = state.lastSignalled.filter { id, signalled in
                !seen.contains(id) && state.records[id]?.reservation.nodeID == nodeID
                    && signalled.duration(to: now) >= configuration.redeliverUnconfirmedAfter
            }
            for id in due.keys.sorted(by: Self.order) {
                guard let record = state.records[id], !record.deleted else { continue }
                batch.append(record.reservation)
                seen.insert(id)
                state.lastSignalled[id] = now
            }
            return (batch, UInt64(end))
        }
    }

    static func order(_ a: String, _ b: String) -> Bool {
        switch (ReservationID(a), ReservationID(b)) {
        case let (x?, y?): x < y
        default: a < b
        }
    }
}

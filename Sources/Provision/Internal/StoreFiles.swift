import Foundation
import VDLSecurity
import VDLWire

/// The store's directory: `counters.pb` (a `StoreCounters`), `reservations/<id>.pb` (a
/// `Record` each) and `nodes/<node ID>.pb` (a `NodeQueue` each), each written atomically.
struct StoreFiles: Sendable {
    let root: String

    init(root: String) throws {
        self.root = root
        try DurableFiles.makeDirectory(root + "/reservations")
        try DurableFiles.makeDirectory(root + "/nodes")
    }

    struct Loaded {
        var counters = ProvisionState.StoreCounters()
        var records: [String: Provision.Record] = [:]
        var queues: [String: ProvisionState.NodeQueue] = [:]
    }

    struct CorruptFile: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "store file \(path) is corrupt: \(reason)" }
    }

    /// Reads everything. A file that does not decode is an error naming it: the store refuses
    /// to start on damaged state rather than silently forgetting reservations.
    func load() throws -> Loaded {
        var loaded = Loaded()
        if let bytes = try DurableFiles.read(root + "/counters.pb") {
            loaded.counters = try decode(ProvisionState.StoreCounters.self, bytes, path: root + "/counters.pb")
        }
        for name in try DurableFiles.names(in: root + "/reservations", suffix: ".pb") {
            let path = root + "/reservations/" + name
            guard let bytes = try DurableFiles.read(path) else { continue }
            let record = try decode(Provision.Record.self, bytes, path: path)
            guard name == record.reservation.id + ".pb" else {
                throw CorruptFile(path: path, reason: "it holds reservation \(record.reservation.id)")
            }
            loaded.records[record.reservation.id] = record
        }
        for name in try DurableFiles.names(in: root + "/nodes", suffix: ".pb") {
            let path = root + "/nodes/" + name
            guard let bytes = try DurableFiles.read(path) else { continue }
            let queue = try decode(ProvisionState.NodeQueue.self, bytes, path: path)
            guard name == queue.nodeID + ".pb" else {
                throw CorruptFile(path: path, reason: "it holds the queue of node \(queue.nodeID)")
            }
            loaded.queues[queue.nodeID] = queue
        }
        return loaded
    }

    func save(_ counters: ProvisionState.StoreCounters) throws {
        try AtomicFile.write(try counters.serializedBytes(), to: root + "/counters.pb")
    }

    func save(_ record: Provision.Record) throws {
        try AtomicFile.write(try record.serializedBytes(), to: root + "/reservations/\(record.reservation.id).pb")
    }

    func save(_ queue: ProvisionState.NodeQueue) throws {
        try AtomicFile.write(try queue.serializedBytes(), to: root + "/nodes/\(queue.nodeID).pb")
    }

    private func decode<M: VDLMessage>(_ type: M.Type, _ bytes: [UInt8], path: String) throws -> M {
        do {
            return try M(serializedBytes: bytes)
        } catch {
            throw CorruptFile(path: path, reason: "\(error)")
        }
    }
}

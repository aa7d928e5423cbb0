import Foundation
import VDLSecurity
import Logging
import Synchronization
import VDLWire

/// provisiond's record of applied reservations: one file per reservation under
/// `<root>/cache/<id>.pb` (a `CacheEntry`), each written atomically with fsync, so an applied
/// workload is remembered across restarts and reboots.
///
/// A file that does not decode is reported (``corruptFiles``) and skipped, never fatal; it is
/// left in place for inspection.
public final class ReservationCache: Sendable {
    /// The directory holding the cache files.
    public let directory: String
    private let entries: Mutex<[String: ProvisionState.CacheEntry]>
    /// The files that could not be read when the cache was opened, with the reason.
    public let corruptFiles: [(path: String, reason: String)]

    /// Opens the cache in `directory`, creating it if needed, and reads every entry.
    public init(directory: String, logger: Logger = Logger(label: "provision.cache")) throws {
        self.directory = directory
        try DurableFiles.makeDirectory(directory)
        var loaded: [String: ProvisionState.CacheEntry] = [:]
        var corrupt: [(path: String, reason: String)] = []
        for name in try DurableFiles.names(in: directory, suffix: ".pb") {
            let path = directory + "/" + name
            do {
                guard let bytes = try DurableFiles.read(path) else { continue }
                let entry = try ProvisionState.CacheEntry(serializedBytes: bytes)
                guard name == entry.reservation.id + ".pb", ReservationID(entry.reservation.id) != nil else {
                    throw Provision.InvalidReservation(reason: "the file holds reservation \"\(entry.reservation.id.prefix(40))\"")
                }
                loaded[entry.reservation.id] = entry
            } catch {
                corrupt.append((path, "\(error)"))
                logger.error("skipping a corrupt cache file", metadata: ["path": "\(path)", "error": "\(error)"])
            }
        }
        self.entries = Mutex(loaded)
        self.corruptFiles = corrupt
    }

    /// The entry of reservation `id`, if it is applied.
    public func entry(_ id: String) -> ProvisionState.CacheEntry? {
        entries.withLock { $0[id] }
    }

    /// Every entry, ordered by reservation ID.
    public var all: [ProvisionState.CacheEntry] {
        entries.withLock { Array($0.values) }.sorted { ReservationStoreService.order($0.reservation.id, $1.reservation.id) }
    }

    /// Writes `entry` durably, then remembers it.
    public func put(_ entry: ProvisionState.CacheEntry) throws {
        let id = entry.reservation.id
        guard ReservationID(id) != nil else {
            throw Provision.InvalidReservation(reason: "cannot cache reservation ID \"\(id.prefix(40))\"")
        }
        try AtomicFile.write(try entry.serializedBytes(), to: path(of: id))
        entries.withLock { $0[id] = entry }
    }

    /// Forgets reservation `id` durably.
    public func remove(_ id: String) throws {
        guard ReservationID(id) != nil else { return }
        try DurableFiles.remove(path(of: id))
        entries.withLock { $0[id] = nil }
    }

    private func path(of id: String) -> String { directory + "/" + id + ".pb" }
}

import Foundation
import VDLSecurity
import VDLWire

/// provisiond's position in its node queue, in `<root>/cursor.pb`: the index of the first entry
/// not yet fully handled. It is written (atomically, synced) only after a whole batch has been
/// applied and its results delivered, so a restart re-reads an unfinished batch rather than
/// skipping it.
public struct PollCursor: Sendable {
    /// The file holding the cursor.
    public let path: String

    /// The cursor stored in `path`.
    public init(path: String) {
        self.path = path
    }

    /// The stored cursor, 0 when there is none yet. A damaged file is an error naming it: the
    /// daemon must not silently start over (it would re-read everything) or skip ahead.
    public func load() throws -> UInt64 {
        guard let bytes = try DurableFiles.read(path) else { return 0 }
        do {
            return try ProvisionState.Cursor(serializedBytes: bytes).next
        } catch {
            throw Provision.InvalidArgument(reason: "the poll cursor file \(path) is corrupt (\(error)); remove it to re-read the whole queue (applied reservations are skipped)")
        }
    }

    /// Stores `next` durably.
    public func store(_ next: UInt64) throws {
        try AtomicFile.write(try ProvisionState.Cursor(next: next).serializedBytes(), to: path)
    }
}

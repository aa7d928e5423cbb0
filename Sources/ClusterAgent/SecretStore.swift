import Crypto
import Foundation
import Logging
import Synchronization
import VDLSecurity
import VDLWire

/// The cluster agent's secrets: one file per secret in a directory, named by the base64url
/// SHA-256 of the secret (the secret itself is never written), holding the blessings stored
/// behind it. Files are created exclusively with mode 0600, synced and linked into place, so a
/// crash leaves each entry whole or absent. Loading skips, and reports, a file that does not
/// decode or holds blessings not bound to the agent's key; it never stops the agent.
public final class SecretStore: Sendable {
    public let directory: String
    /// What loading skipped, one line per file.
    public let problems: [String]
    private let agentKey: PublicKey
    private let entries: Mutex<[String: Blessings]>

    public init(directory: String, agentKey: PublicKey, logger: Logger = Logger(label: "cluster.secrets")) throws {
        self.directory = directory
        self.agentKey = agentKey
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        var entries: [String: Blessings] = [:]
        var problems: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() {
            let path = directory + "/" + name
            if AtomicFile.isTemporary(name) {
                // Left by a write that was killed before it linked the entry into place.
                try? FileManager.default.removeItem(atPath: path)
                continue
            }
            guard Self.isEntryName(name) else { continue }
            do {
                let wire = try Security.WireBlessings(serializedBytes: try Data(contentsOf: URL(fileURLWithPath: path)))
                let blessings = try Blessings(wire: wire)
                guard blessings.publicKey == agentKey else {
                    throw SecurityError.keyMismatch("its blessings are bound to \(blessings.publicKey.map { "\($0)" } ?? "no key"), not to the agent's key \(agentKey)")
                }
                entries[name] = blessings
            } catch {
                problems.append("\(path): \(error)")
                logger.error("skipping a secret store entry that cannot be used", metadata: ["file": "\(path)", "error": "\(error)"])
            }
        }
        self.entries = Mutex(entries)
        self.problems = problems
    }

    /// How many secrets are stored.
    public var count: Int { entries.withLock { $0.count } }

    /// Stores `blessings` behind a new secret and returns the secret: 256 random bytes,
    /// hex-encoded. The entry is on disk when this returns.
    public func add(_ blessings: Blessings) throws -> String {
        guard blessings.publicKey == agentKey else {
            throw SecurityError.keyMismatch("the blessings are bound to \(blessings.publicKey.map { "\($0)" } ?? "no key"), not to the agent's key \(agentKey)")
        }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<256).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let name = Self.entryName(for: secret)
        try AtomicFile.create(try blessings.wire.serializedBytes(), at: directory + "/" + name)
        entries.withLock { $0[name] = blessings }
        return secret
    }

    /// The blessings stored behind `secret`, if any.
    public func blessings(for secret: String) -> Blessings? {
        let name = Self.entryName(for: secret)
        return entries.withLock { $0[name] }
    }

    /// Removes `secret`'s entry; false when there is none.
    public func forget(_ secret: String) throws -> Bool {
        let name = Self.entryName(for: secret)
        guard entries.withLock({ $0[name] }) != nil else { return false }
        let path = directory + "/" + name
        if unlink(path) != 0 && errno != ENOENT {
            throw AtomicFile.WriteError(path: path, reason: "cannot remove it (errno \(errno))")
        }
        entries.withLock { _ = $0.removeValue(forKey: name) }
        return true
    }

    /// The file name of a secret's entry: its SHA-256 in base64url without padding.
    public static func entryName(for secret: String) -> String {
        Data(SHA256.hash(data: Data(secret.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// 43 base64url characters: a SHA-256 without padding.
    static func isEntryName(_ name: String) -> Bool {
        name.utf8.count == 43 && name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F
        }
    }
}

import Foundation
import Logging
import Synchronization
import VDLNaming
import VDLRPC
import VDLSecurity
import VDLWire

/// The mount table: a tree of names with the servers mounted at them, served at every node
/// (the object name of a call is the node's name).
///
/// - Mounts expire after their TTL (capped at ``maxTTL``) unless refreshed.
/// - Each call is authorized by the permissions that govern its node: the node's own, else
///   those of its nearest ancestor that has some; the root has the permissions the table was
///   started with. Mount and Unmount need Write, Resolve needs Resolve, Glob needs Read, and
///   the permission and delete methods need Admin.
/// - With a snapshot file, every change is written to it atomically before the call returns,
///   and the tree is read back at start (expired mounts dropped), so a restart keeps it.
///
/// ```swift
/// let table = try MountTableService(rootPermissions: ["Write": Access.AccessList(in: ["root"])],
///                                   snapshotPath: "/var/lib/mounttable.snapshot")
/// let server = RPCServer(services: [table.registration], security: .tls(principal))
/// ```
public final class MountTableService: Mounttable.MountTable.Service {
    /// The longest a mount lasts without a refresh.
    public let maxTTL: Duration
    /// The most entries one Glob returns.
    public let globLimit: Int
    private let tree: Mutex<NameTree>
    private let snapshotPath: String?
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// - Parameters:
    ///   - rootPermissions: the permissions of the root, which govern every node without its own.
    ///   - snapshotPath: a file to keep the tree in across restarts; it is read now if it exists.
    ///   - now: the clock (tests move it).
    public init(rootPermissions: Access.Permissions, snapshotPath: String? = nil, maxTTL: Duration = .seconds(86_400),
                globLimit: Int = 10_000, logger: Logger = Logger(label: "mounttable"),
                now: @escaping @Sendable () -> Date = Date.init) throws {
        var tree = NameTree(rootPermissions: rootPermissions)
        if let snapshotPath, FileManager.default.fileExists(atPath: snapshotPath) {
            tree = try Self.load(snapshotPath, into: tree, now: now())
        }
        self.tree = Mutex(tree)
        self.snapshotPath = snapshotPath
        self.maxTTL = maxTTL
        self.globLimit = globLimit
        self.logger = logger
        self.now = now
    }

    /// The service bound to its interface, authorized node by node.
    public var registration: ServiceRegistration {
        Mounttable.MountTable.registration(self).authorized(by: NodeAuthorizer(table: self))
    }

    /// The permissions that govern `name`, and their version.
    public func effectivePermissions(_ name: String) -> (Access.Permissions, version: UInt64) {
        tree.withLock { $0.effectivePermissions(name) }
    }

    // MARK: Mounttable.MountTable.Service

    public func mount(server: String, ttl: UInt32, flags: Mounttable.MountFlag, context: ServerCallContext) async throws {
        let name = try Self.validName(context.object)
        guard case .rooted = try? ObjectName(parsing: server), server.hasPrefix("/") else {
            throw Mounttable.BadServer(server: server, reason: "the server must be a rooted name such as /host:port or /(pattern)@host:port")
        }
        let seconds = ttl == 0 ? maxTTL : min(.seconds(ttl), maxTTL)
        let now = now()
        let deadline = now.addingTimeInterval(Double(seconds.components.seconds))
        try change { $0.mount(name, server: server, deadline: deadline, flags: flags, now: now) }
        logger.info("mounted", metadata: ["name": "\(name)", "server": "\(server)", "ttl": "\(seconds.components.seconds)s"])
    }

    public func unmount(server: String, context: ServerCallContext) async throws {
        let name = try Self.validName(context.object)
        let now = now()
        var found = true
        try change { found = $0.unmount(name, server: server, now: now) }
        guard found else { throw Mounttable.NoSuchName(name: name) }
        logger.info("unmounted", metadata: ["name": "\(name)", "server": "\(server.isEmpty ? "(all)" : server)"])
    }

    public func resolve(context: ServerCallContext) async throws -> Mounttable.MountEntry {
        let name = try Self.validName(context.object)
        guard let entry = tree.withLock({ $0.resolve(name, now: now()) }) else {
            throw Mounttable.NoSuchName(name: name)
        }
        return entry
    }

    public func glob(pattern: String, stream: ServerStream<NoStreamValue, Mounttable.MountEntry>, context: ServerCallContext) async throws {
        let name = try Self.validName(context.object)
        let entries = tree.withLock { $0.glob(name, pattern: GlobPattern(pattern), now: now(), limit: globLimit) }
        for entry in entries { try await stream.send(entry) }
    }

    public func getPermissions(context: ServerCallContext) async throws -> (perms: Access.Permissions, version: String) {
        let (permissions, version) = effectivePermissions(try Self.validName(context.object))
        return (permissions, String(version))
    }

    public func setPermissions(perms: Access.Permissions, version: String, context: ServerCallContext) async throws {
        let name = try Self.validName(context.object)
        var stale: UInt64?
        try change { tree in
            let current = tree.effectivePermissions(name).version
            guard version.isEmpty || version == String(current) else {
                stale = current
                return
            }
            tree.setPermissions(name, perms)
        }
        if let stale { throw Mounttable.BadVersion(given: version, current: String(stale)) }
        logger.info("permissions set", metadata: ["name": "\(name.isEmpty ? "(root)" : name)"])
    }

    public func delete(deleteSubtree: Bool, context: ServerCallContext) async throws {
        let name = try Self.validName(context.object)
        guard !name.isEmpty else { throw Mounttable.BadName(name: name, reason: "the root cannot be deleted") }
        var failure: (any Error)?
        try change { tree in
            guard let node = tree.nodes[name] else { failure = Mounttable.NoSuchName(name: name); return }
            guard deleteSubtree || node.children.isEmpty else { failure = Mounttable.NotEmpty(name: name); return }
            tree.delete(name)
        }
        if let failure { throw failure }
        logger.info("deleted", metadata: ["name": "\(name)"])
    }

    // MARK: State

    /// Applies a change and, with a snapshot file, writes the new tree before the change is
    /// visible; a failed write leaves the tree as it was.
    private func change(_ body: (inout NameTree) -> Void) throws {
        try tree.withLock { tree in
            var next = tree
            next.expire(now: now())
            body(&next)
            if let snapshotPath {
                do {
                    try AtomicFile.write(try Self.snapshot(of: next).serializedBytes(), to: snapshotPath)
                } catch {
                    logger.error("cannot write the snapshot: \(error)")
                    throw StandardErrors.internal("the mount table cannot save its state: \(error)")
                }
            }
            tree = next
        }
    }

    static func snapshot(of tree: NameTree) -> Mounttable.Snapshot {
        let nodes = tree.nodes.keys.sorted().compactMap { name -> Mounttable.SnapshotNode? in
            guard let node = tree.nodes[name], !node.mounts.isEmpty || node.permissions != nil else { return nil }
            return Mounttable.SnapshotNode(
                name: name,
                servers: node.mounts.map { Mounttable.MountedServer(server: $0.server, deadline: Security.Time($0.deadline)) },
                flags: node.flags, hasPermissions: node.permissions != nil, permissions: node.permissions ?? [:],
                version: node.version)
        }
        return Mounttable.Snapshot(nodes: nodes)
    }

    private static func load(_ path: String, into empty: NameTree, now: Date) throws -> NameTree {
        let snapshot: Mounttable.Snapshot
        do {
            snapshot = try Mounttable.Snapshot(serializedBytes: try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw MountTableError.unreadableSnapshot(path: path, reason: "\(error)")
        }
        var tree = empty
        for node in snapshot.nodes {
            for server in node.servers {
                let deadline = server.deadline.date
                guard deadline > now else { continue }
                tree.mount(node.name, server: server.server, deadline: deadline, flags: node.flags, now: now)
            }
            if node.hasPermissions {
                tree.ensure(node.name)
                tree.restorePermissions(node.name, node.permissions, version: node.version)
            }
        }
        tree.expire(now: now)
        return tree
    }

    /// The call's object name as a node name; `.`/`..` and empty elements are refused.
    static func validName(_ object: String) throws -> String {
        let elements = object.split(separator: "/", omittingEmptySubsequences: false)
        if object.isEmpty { return "" }
        if let bad = elements.first(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            throw Mounttable.BadName(name: object, reason: bad.isEmpty ? "it has an empty element" : "the element \"\(bad)\" is not allowed")
        }
        return object
    }
}

/// Why a mount table cannot start.
public enum MountTableError: Error, CustomStringConvertible {
    case unreadableSnapshot(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableSnapshot(let path, let reason): return "cannot read the mount table snapshot \(path): \(reason)"
        }
    }
}

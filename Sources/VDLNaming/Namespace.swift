import Foundation
import Synchronization
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// The client's view of the name space: resolves relative names through the mount tables at
/// its roots, and mounts, unmounts and globs names there.
///
/// Rooted names (`/127.0.0.1:8080/sb`) need no mount table: they resolve to themselves.
/// A relative name is resolved at the first root that answers; when the servers mounted on
/// the way are mount tables themselves (flag `MT`), resolution continues there with the rest
/// of the name, at most ``maxDepth`` times.
///
/// ```swift
/// let namespace = try Namespace(roots: ["/127.0.0.1:8101"], security: .tls(principal))
/// let fortune = Fortune.Fortune.Client(transport: namespace.transport(for: "apps/fortune"))
/// ```
public final class Namespace: Sendable {
    /// The mount tables relative names are resolved at, tried in order.
    public let roots: [ObjectName]
    /// How many mount tables one resolution may pass through.
    public static let maxDepth = 32

    let security: TransportSecurity
    private let configuration: RPCClientConfiguration
    private let clients = Mutex<[Endpoint: RPCClient]>([:])

    /// - Parameter roots: rooted names of mount tables (`/host:port`, `/(pattern)@host:port`).
    public init(roots: [String], security: TransportSecurity,
                configuration: RPCClientConfiguration = RPCClientConfiguration()) throws {
        self.roots = try roots.map { root in
            let name = try ObjectName(parsing: root)
            guard case .rooted = name else {
                throw NameError(name: root, reason: "a namespace root must be rooted at an address (/host:port)")
            }
            return name
        }
        self.security = security
        self.configuration = configuration
    }

    /// The connection to `endpoint`, shared by every call through this namespace.
    public func client(for endpoint: Endpoint) -> RPCClient {
        clients.withLock { clients in
            if let client = clients[endpoint] { return client }
            let client = RPCClient(endpoint: endpoint, security: security, configuration: configuration)
            clients[endpoint] = client
            return client
        }
    }

    /// A transport that calls the object `name` names, resolving it when needed and failing
    /// over to the next server mounted under it when one cannot be reached.
    public func transport(for name: String) throws -> NamedTransport {
        transport(for: try ObjectName(parsing: name))
    }

    public func transport(for name: ObjectName) -> NamedTransport {
        NamedTransport(name: name, namespace: self)
    }

    /// Closes every connection the namespace opened.
    public func close() async {
        let open = clients.withLock { clients in
            defer { clients = [:] }
            return Array(clients.values)
        }
        for client in open { await client.close() }
    }

    // MARK: Resolution

    /// The servers `name` resolves to, each a rooted name carrying the object suffix, in the
    /// order to try them. A name nothing is mounted at fails with `NoSuchName`.
    public func resolve(_ name: String, options: CallOptions = CallOptions()) async throws -> Resolution {
        try await resolve(ObjectName(parsing: name), options: options)
    }

    public func resolve(_ name: ObjectName, options: CallOptions = CallOptions()) async throws -> Resolution {
        guard case .relative(let relative) = name else {
            return Resolution(servers: [name], expiry: nil)
        }
        var tables = roots
        var suffix = relative
        for _ in 0..<Self.maxDepth {
            let (entry, _) = try await firstAnswer(from: tables, suffix: suffix) { table in
                try await table.resolve(options: options)
            }
            let servers = try entry.servers.map { try ObjectName(parsing: $0.server).appending(entry.name) }
            let expiry = entry.servers.map { $0.deadline.date }.min()
            guard entry.servesMountTable, !entry.name.isEmpty else {
                return Resolution(servers: servers, expiry: expiry)
            }
            tables = try entry.servers.map { try ObjectName(parsing: $0.server) }
            suffix = entry.name
        }
        throw StandardErrors.badArgument("\(name): resolution passed through more than \(Self.maxDepth) mount tables")
    }

    /// The mount table that holds `name` and the name relative to it: for a rooted name its
    /// server, else the deepest mount table resolution reaches.
    func mountTable(holding name: ObjectName, options: CallOptions) async throws -> (tables: [ObjectName], suffix: String) {
        guard case .relative(let relative) = name else { return ([name], "") }
        var tables = roots
        var suffix = relative
        for _ in 0..<Self.maxDepth {
            let entry: Mounttable.MountEntry
            do {
                (entry, _) = try await firstAnswer(from: tables, suffix: suffix) { try await $0.resolve(options: options) }
            } catch let error as VDLError where error.id == Mounttable.NoSuchName.id {
                return (tables, suffix)
            }
            guard entry.servesMountTable, !entry.name.isEmpty else { return (tables, suffix) }
            tables = try entry.servers.map { try ObjectName(parsing: $0.server) }
            suffix = entry.name
        }
        throw StandardErrors.badArgument("\(name): resolution passed through more than \(Self.maxDepth) mount tables")
    }

    /// Calls `body` on the mount table client of each name in turn until one answers; only an
    /// unreachable server moves on to the next.
    func firstAnswer<T: Sendable>(
        from tables: [ObjectName], suffix: String,
        _ body: (Mounttable.MountTable.Client) async throws -> T
    ) async throws -> (T, ObjectName) {
        guard !tables.isEmpty else {
            throw StandardErrors.noExist("cannot resolve \"\(suffix)\": no namespace roots are configured (--namespace-root or $\(Self.rootsVariable))")
        }
        var lastError: (any Error)?
        for table in tables {
            guard case .rooted(let endpoint, let base) = table else { continue }
            let client = Mounttable.MountTable.Client(transport: client(for: endpoint), object: ObjectName.join(base, suffix))
            do {
                return (try await body(client), table)
            } catch let error as VDLError where error.isUnreachable {
                lastError = error
            }
        }
        throw lastError ?? StandardErrors.noExist("no mount table to resolve \"\(suffix)\" at")
    }
}

/// What a name resolved to.
public struct Resolution: Sendable, Hashable {
    /// Rooted names of the servers, each with the object suffix, in the order to try them.
    public let servers: [ObjectName]
    /// When the first of the mounts expires; nil for a rooted name, which does not expire.
    public let expiry: Date?
}

extension VDLError {
    /// The server could not be reached or dropped the connection: another server may answer.
    var isUnreachable: Bool {
        id == StandardErrors.unavailableID
    }
}

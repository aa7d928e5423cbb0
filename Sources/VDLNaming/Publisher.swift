import Foundation
import Logging
import ServiceLifecycle
import VDLRPC
import VDLSecurity
import VDLTransport

/// Keeps a server mounted under its names: mounts at start, refreshes every half TTL so the
/// mount never lapses while the server runs, and unmounts on graceful shutdown. A mount table
/// that cannot be reached is retried (every second, then at the refresh interval); the server
/// keeps serving meanwhile.
///
/// Run it in the server's `ServiceGroup` after the server, so that on SIGTERM it unmounts
/// before the server drains:
///
/// ```swift
/// let publisher = Publisher(namespace: namespace, names: ["apps/fortune"], server: Publisher.serverName(bound, security))
/// try await ServiceGroup(services: [server, publisher], gracefulShutdownSignals: [.sigterm], logger: logger).run()
/// ```
public final class Publisher: Service, Sendable {
    public let names: [String]
    /// The rooted name mounted: `/(pattern)@host:port`.
    public let server: String
    public let ttl: Duration
    public let flags: Mounttable.MountFlag
    private let namespace: Namespace
    private let logger: Logger

    public init(namespace: Namespace, names: [String], server: String, ttl: Duration = .seconds(60),
                flags: Mounttable.MountFlag = .init(rawValue: 0), logger: Logger = Logger(label: "vdl.publisher")) {
        self.namespace = namespace
        self.names = names
        self.server = server
        self.ttl = max(ttl, .seconds(2))
        self.flags = flags
        self.logger = logger
    }

    /// The rooted name a server bound to `address` publishes: pinned to its first default
    /// blessing name with TLS, so a client that resolves it accepts no other server.
    public static func serverName(_ address: ServerAddress, security: TransportSecurity) -> String {
        var endpoint = Endpoint(address: address)
        if case .tls(let principal) = security, let name = principal.blessingStore.defaultBlessings.names.first {
            endpoint.serverBlessings = Access.BlessingPattern(rawValue: name)
        }
        return endpoint.description
    }

    /// Mounts every name once; true when all of them are mounted.
    @discardableResult
    public func mountAll() async -> Bool {
        var mounted = true
        for name in names {
            do {
                try await namespace.mount(name, server: server, ttl: ttl, flags: flags, options: CallOptions(timeout: .seconds(5)))
                logger.debug("mounted", metadata: ["name": "\(name)", "server": "\(server)"])
            } catch {
                mounted = false
                logger.warning("cannot mount \(name): \(error)", metadata: ["server": "\(server)"])
            }
        }
        return mounted
    }

    /// Removes the server from every name; failures are logged (the mounts expire anyway).
    public func unmountAll() async {
        for name in names {
            do {
                try await namespace.unmount(name, server: server, options: CallOptions(timeout: .seconds(2)))
                logger.debug("unmounted", metadata: ["name": "\(name)"])
            } catch {
                logger.warning("cannot unmount \(name): \(error)")
            }
        }
    }

    public func run() async throws {
        var mounted = await mountAll()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let pause = mounted ? ttl / 2 : min(.seconds(1), ttl / 2)
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            } catch {
                break
            }
            mounted = await mountAll()
        }
        await unmountAll()
    }
}

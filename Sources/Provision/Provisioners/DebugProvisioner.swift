#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import Logging
import Synchronization

/// Debug workloads: forward the node's log lines over TCP to the reservation's `Host:Port`,
/// one line each, prefixed by its `Channel` when set. Provisioning connects once (an
/// unreachable collector is an error result); afterwards a broken connection is re-made with
/// backoff, at most `maxReconnects` times in a row. A restarted daemon resumes forwarding.
public final class DebugProvisioner: Provisioner {
    /// The node's log lines.
    public let broadcaster: LogBroadcaster
    /// Failed reconnections in a row after which forwarding stops.
    public let maxReconnects: Int
    /// How long a connection attempt may take.
    public let connectTimeout: Duration
    private let forwarders = Mutex<[String: Task<Void, Never>]>([:])
    /// Where the blocking socket calls run.
    private let io = DispatchQueue(label: "provision.debug", attributes: .concurrent)

    /// A provisioner forwarding the lines of `broadcaster`.
    public init(broadcaster: LogBroadcaster, maxReconnects: Int = 10, connectTimeout: Duration = .seconds(5)) {
        self.broadcaster = broadcaster
        self.maxReconnects = maxReconnects
        self.connectTimeout = connectTimeout
    }

    struct DebugError: Error, CustomStringConvertible {
        var description: String
    }

    /// Connects to the collector and starts forwarding; an unreachable collector is an error.
    public func provision(_ reservation: Provision.Reservation, on node: NodeContext) async throws -> Provision.ResultData {
        guard case .debug(let debug) = reservation.data else {
            throw Provision.InvalidReservation(reason: "reservation \(reservation.id) is not a debug workload")
        }
        guard !debug.host.isEmpty, debug.port > 0 else {
            throw DebugError(description: "debug workload \(reservation.id) needs a host and a port")
        }
        let target = "\(debug.host):\(debug.port)"
        if forwarders.withLock({ $0[reservation.id] }) == nil {
            let fd = try await Blocking.run(on: io) { try self.connect(host: debug.host, port: debug.port) }
            start(reservation.id, debug, connected: fd, logger: node.logger)
        }
        return .debug(Provision.DebugResult(target: target))
    }

    /// Stops forwarding.
    public func decommission(_ entry: ProvisionState.CacheEntry, on node: NodeContext) async throws {
        forwarders.withLock { $0.removeValue(forKey: entry.reservation.id) }?.cancel()
    }

    /// Resumes forwarding after a daemon restart.
    public func restore(_ entry: ProvisionState.CacheEntry, on node: NodeContext) async {
        guard case .debug(let debug) = entry.reservation.data else { return }
        start(entry.reservation.id, debug, connected: nil, logger: node.logger)
    }

    /// Stops forwarding (the daemon is stopping).
    public func detachAll() {
        let all = forwarders.withLock { state -> [Task<Void, Never>] in
            defer { state.removeAll() }
            return Array(state.values)
        }
        for task in all { task.cancel() }
    }

    private func start(_ id: String, _ debug: Provision.Debug, connected: Int32?, logger: Logger) {
        let (subscription, lines) = broadcaster.subscribe()
        let broadcaster = self.broadcaster
        let maxReconnects = self.maxReconnects
        let prefix = debug.channel.isEmpty ? "" : "[\(debug.channel)] "
        let io = self.io
        let task = Task { [weak self] in
            defer { broadcaster.unsubscribe(subscription) }
            var fd = connected
            var failures = 0
            var iterator = lines.makeAsyncIterator()
            while !Task.isCancelled {
                if fd == nil {
                    guard let self, failures <= maxReconnects else {
                        logger.error("debug forwarding given up", metadata: ["id": "\(id)"])
                        return
                    }
                    do {
                        fd = try await Blocking.run(on: io) { try self.connect(host: debug.host, port: debug.port) }
                        failures = 0
                    } catch {
                        failures += 1
                        try? await Task.sleep(for: .milliseconds(200 * (1 << min(failures, 6))))
                        continue
                    }
                }
                guard let line = await iterator.next(), let socket = fd else { break }
                let bytes = Array((prefix + line + "\n").utf8)
                let sent = (try? await Blocking.run(on: io) { Self.sendAll(socket, bytes) }) ?? false
                if !sent {
                    close(socket)
                    fd = nil
                    failures += 1
                }
            }
            if let fd { close(fd) }
        }
        forwarders.withLock { $0[id] = task }
    }

    private static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return send(fd, base + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// A connected TCP socket to host:port (the first address that answers).
    private func connect(host: String, port: UInt16) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw DebugError(description: "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var current: UnsafeMutablePointer<addrinfo>? = first
        var tried = 0
        while let info = current, tried < 16 {
            tried += 1
            current = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            guard fd >= 0 else { lastError = String(cString: strerror(errno)); continue }
            // On Linux the send timeout also bounds connect (and each send).
            let seconds = connectTimeout.components.seconds
            var timeout = timeval(tv_sec: Int(max(1, seconds)), tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                return fd
            }
            lastError = String(cString: strerror(errno))
            close(fd)
        }
        throw DebugError(description: "cannot connect to \(host):\(port): \(lastError)")
    }
}

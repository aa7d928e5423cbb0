#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Provision
import Testing
import VDLSecurity

/// The real provisioners on this machine: containers as processes, debug log forwarding.
@Suite(.timeLimit(.minutes(1)))
struct ProvisionerTests {
    let user = Principal()
    let node = Principal()

    func context(_ directory: String) throws -> NodeContext {
        NodeContext(dataRoot: directory + "/data", cache: try ReservationCache(directory: directory + "/cache", logger: Fixtures.logger("cache")), logger: Fixtures.logger("node"))
    }

    @Test func aContainerRunsWithItsEnvironmentAndMountsAndIsAdoptedAfterARestart() async throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let node = try context(directory)
        let volume = try await Fixtures.volume(id: "1-1", node: self.node, user: user)
        _ = try await VolumeProvisioner().provision(volume, on: node)
        try node.cache.put(ProvisionState.CacheEntry(reservation: volume))
        let reservation = try await Fixtures.container(
            id: "2-1", node: self.node, user: user, entrypoint: "sh -c 'echo $A $B > data/out; exec sleep 30'", memory: 256,
            mounts: [Provision.Mount(volumeID: "1-1", mountpoint: "/data")], env: ["A": "one"])
        var withSecret = reservation
        if case .container(var c) = withSecret.data { c.secretEnv = ["B": "two"]; withSecret.data = .container(c) }
        let first = ContainerProvisioner()
        guard case .container(let result) = try await first.provision(withSecret, on: node) else { Issue.record("not a container result"); return }
        let pid = pid_t(result.pid)
        defer { kill(-pid, SIGKILL) }
        #expect(kill(pid, 0) == 0)
        let out = VolumeProvisioner.path(of: "1-1", dataRoot: node.dataRoot) + "/out"
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: out) { try await Task.sleep(for: .milliseconds(50)) }
        #expect((try? String(contentsOfFile: out, encoding: .utf8)) == "one two\n")

        // Another daemon (after a restart) adopts the same process instead of starting one.
        first.detachAll()
        let second = ContainerProvisioner()
        await second.restore(ProvisionState.CacheEntry(reservation: withSecret), on: node)
        try await Task.sleep(for: .milliseconds(300))
        #expect(kill(pid, 0) == 0)
        try await second.decommission(ProvisionState.CacheEntry(reservation: withSecret), on: node)
        _ = waitpid(pid, nil, WNOHANG)
        #expect(kill(pid, 0) != 0)
        #expect(!FileManager.default.fileExists(atPath: node.dataRoot + "/containers/2-1"))
        // Gone already: decommissioning again is fine.
        try await second.decommission(ProvisionState.CacheEntry(reservation: withSecret), on: node)
    }

    /// The daemon's blocked and ignored signals and its open descriptors do not leak into a container.
    @Test func aContainerStartsWithCleanSignalsAndDescriptors() async throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let node = try context(directory)
        // Like provisiond: SIGTERM blocked and ignored, and a descriptor open without CLOEXEC.
        var term = sigset_t()
        sigemptyset(&term)
        sigaddset(&term, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &term, &previous)
        let oldHandler = signal(SIGTERM, SIG_IGN)
        let stray = open("/dev/null", O_RDONLY)
        defer {
            close(stray)
            signal(SIGTERM, oldHandler)
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        let reservation = try await Fixtures.container(id: "1-1", node: self.node, user: user, entrypoint: "sleep 30")
        let provisioner = ContainerProvisioner()
        guard case .container(let result) = try await provisioner.provision(reservation, on: node) else { Issue.record("no result"); return }
        let pid = pid_t(result.pid)
        defer { kill(-pid, SIGKILL) }
        // The shell execs the entrypoint in the same process: wait for `sleep`, then look at it.
        for _ in 0..<100 {
            let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline").map { String(decoding: $0, as: UTF8.self) } ?? ""
            if command.hasPrefix("sleep") { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        func mask(_ name: String) -> UInt64? {
            status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .flatMap { UInt64($0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces), radix: 16) }
        }
        #expect(mask("SigBlk") == 0, "\(status)")
        #expect(mask("SigIgn").map { $0 & (1 << (UInt64(SIGTERM) - 1)) == 0 } == true, "\(status)")
        let open = Set((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? [])
        #expect(open == ["0", "1", "2"], "\(open)")
        // SIGTERM reaches it: decommission does not have to wait for SIGKILL.
        let started = ContinuousClock.now
        try await provisioner.decommission(ProvisionState.CacheEntry(reservation: reservation), on: node)
        #expect(started.duration(to: .now) < .seconds(4))
    }

    @Test func containerMistakesAreNamed() async throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let node = try context(directory)
        let other = Principal()
        let theirs = try await Fixtures.volume(id: "1-1", node: self.node, user: other)
        try node.cache.put(ProvisionState.CacheEntry(reservation: theirs))
        let provisioner = ContainerProvisioner()
        let cases: [(Provision.Reservation, String)] = [
            (try await Fixtures.container(id: "2-1", node: self.node, user: user, mounts: [Provision.Mount(volumeID: "1-1", mountpoint: "/d")]),
             "belongs to another user"),
            (try await Fixtures.container(id: "3-1", node: self.node, user: user, mounts: [Provision.Mount(volumeID: "9-1", mountpoint: "/d")]),
             "not applied on this node"),
            (try await Fixtures.container(id: "4-1", node: self.node, user: user, mounts: [Provision.Mount(volumeID: "1-1", mountpoint: "/../etc")]),
             "absolute path without . or .."),
            (try await Fixtures.container(id: "5-1", node: self.node, user: user, entrypoint: "sh -c 'exit 3'"), "exited at once with status 3"),
        ]
        for (reservation, message) in cases {
            await #expect { _ = try await provisioner.provision(reservation, on: node) } throws: { "\($0)".contains(message) }
        }
        // A failed attempt leaves no directory behind.
        #expect(!FileManager.default.fileExists(atPath: node.dataRoot + "/containers/5-1"))
    }

    @Test func debugForwardsTheNodesLogLines() async throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let logs = LogBroadcaster()
        let node = try context(directory)
        let listener = try Listener()
        defer { listener.close() }
        let provisioner = DebugProvisioner(broadcaster: logs)
        let reservation = try await Fixtures.signed(id: "1-1", node: self.node, user: user,
                                              data: .debug(Provision.Debug(host: "127.0.0.1", port: listener.port, channel: "n1")))
        guard case .debug(let result) = try await provisioner.provision(reservation, on: node) else { Issue.record("no debug result"); return }
        #expect(result.target == "127.0.0.1:\(listener.port)")
        let logger = Logger(label: "node") { logs.handler(label: $0) }
        // The reader blocks, so it gets its own thread rather than one of the (few) task threads.
        let line = await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            Thread { continuation.resume(returning: listener.readLine()) }.start()
            logger.notice("hello collector", metadata: ["id": "1-1"])
        }
        #expect(line?.hasPrefix("[n1] ") == true)
        #expect(line?.hasSuffix("notice node: hello collector id=1-1") == true, "\(line ?? "nil")")
        try await provisioner.decommission(ProvisionState.CacheEntry(reservation: reservation), on: node)

        let closed = try await Fixtures.signed(id: "2-1", node: self.node, user: user, data: .debug(Provision.Debug(host: "127.0.0.1", port: 1)))
        await #expect { _ = try await provisioner.provision(closed, on: node) } throws: { "\($0)".contains("cannot connect to 127.0.0.1:1") }
    }
}

/// A one-connection TCP listener on 127.0.0.1 for the debug test.
final class Listener: @unchecked Sendable {
    // Safe: `fd` and `port` are set once in init; readLine is called from one task at a time.
    let fd: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 4) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        self.fd = fd
        self.port = UInt16(bigEndian: address.sin_port)
    }

    /// Accepts one connection and reads its first line (bounded: 5 s, 64 KiB).
    func readLine() -> String? {
        let client = accept(fd, nil, nil)
        guard client >= 0 else { return nil }
        defer { Glibc.close(client) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count < 65536, recv(client, &byte, 1, 0) == 1 {
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }

    func close() { Glibc.close(fd) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import VDLSecurity
import Logging
import Synchronization
import VDLWire

/// Containers as supervised local processes.
///
/// A container gets `<data root>/containers/<reservation ID>/` holding `root/` (the entrypoint's
/// working directory and `$HOME`), `output.log` (its standard output and error) and
/// `process.pb` (its PID and start time). Its entrypoint runs as `/bin/sh -c ENTRYPOINT` in a
/// new session with exactly the reservation's `Env` and `SecretEnv` (plus `PATH`, `HOME` and
/// `CONTAINER_ID`), its memory capped with `ulimit -v` at the reservation's MRU. CPU cores are
/// accounted in the node's capacity but not enforced (that needs cgroups).
///
/// Each mount is a symbolic link `root/<mountpoint>` to the directory of a volume reservation
/// of the same user, applied on this node. The flist, when given, must be a local directory;
/// it is linked as `root/image` (remote flists need a hub this node does not have).
///
/// The process is supervised: when it exits it is restarted after a backoff, at most
/// `maxRestarts` times in a row. It lives in its own session, so it outlives a daemon restart;
/// the restarted daemon adopts it (same PID and start time) instead of starting another.
public final class ContainerProvisioner: Provisioner {
    /// Restarts, in a row, after which a container whose entrypoint keeps exiting is left stopped.
    public let maxRestarts: Int
    /// How long to wait after starting before deciding the entrypoint started.
    public let startCheck: Duration
    private let supervised = Mutex<[String: Supervision]>([:])

    private final class Supervision: Sendable {
        let task: Mutex<Task<Void, Never>?> = Mutex(nil)
        let process: Mutex<ProvisionState.ContainerProcess>
        let stopping = Atomic<Bool>(false)
        init(process: ProvisionState.ContainerProcess) { self.process = Mutex(process) }
    }

    /// A provisioner restarting an exiting entrypoint at most `maxRestarts` times in a row, and
    /// checking `startCheck` after a start that the entrypoint did not fail at once.
    public init(maxRestarts: Int = 5, startCheck: Duration = .milliseconds(300)) {
        self.maxRestarts = maxRestarts
        self.startCheck = startCheck
    }

    struct ContainerError: Error, CustomStringConvertible {
        var description: String
    }

    static func directory(of id: String, dataRoot: String) -> String { dataRoot + "/containers/" + id }

    /// Lays out the container, starts its entrypoint and supervises it; an entrypoint that exits at
    /// once with an error, a bad mount or a remote flist is an error (and leaves nothing behind).
    public func provision(_ reservation: Provision.Reservation, on node: NodeContext) async throws -> Provision.ResultData {
        guard case .container(let container) = reservation.data else {
            throw Provision.InvalidReservation(reason: "reservation \(reservation.id) is not a container")
        }
        let id = reservation.id
        guard !container.entrypoint.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ContainerError(description: "container \(id) has no entrypoint")
        }
        guard container.network.networkID.isEmpty else {
            throw ContainerError(description: "container \(id) asks for network \(container.network.networkID), but networks are not supported on this node")
        }
        let links = try mountLinks(container, of: reservation, on: node)
        if let running = supervised.withLock({ $0[id] }) {
            return .container(Provision.ContainerResult(containerID: id, pid: running.process.withLock { $0.pid }))
        }
        let directory = Self.directory(of: id, dataRoot: node.dataRoot)
        // An attempt cut short by a crash may have left a process: stop it and start afresh.
        if let stale = try? readProcess(directory) {
            await Self.stop(pid: pid_t(truncatingIfNeeded: stale.pid), startTime: stale.startTime)
        }
        do {
            let process = try await deploy(reservation, container, links: links, directory: directory)
            supervise(reservation, container, directory: directory, process: process, logger: node.logger)
            return .container(Provision.ContainerResult(containerID: id, pid: process.pid))
        } catch {
            // A failed attempt leaves nothing behind: it is not cached, so nothing would remove it.
            if let process = try? readProcess(directory) {
                await Self.stop(pid: pid_t(truncatingIfNeeded: process.pid), startTime: process.startTime)
            }
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    /// Lays out the container's directory and starts its entrypoint; throws when it exits at once.
    private func deploy(_ reservation: Provision.Reservation, _ container: Provision.Container, links: [(String, String)],
                        directory: String) async throws -> ProvisionState.ContainerProcess {
        let id = reservation.id
        try DurableFiles.makeDirectory(directory + "/root")
        for (mountpoint, target) in links {
            let link = directory + "/root" + mountpoint
            try DurableFiles.makeDirectory((link as NSString).deletingLastPathComponent)
            try? FileManager.default.removeItem(atPath: link)
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        }
        if !container.flist.isEmpty {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: container.flist, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ContainerError(description: "flist \(container.flist) is not a local directory; remote flists are not supported on this node")
            }
            try? FileManager.default.removeItem(atPath: directory + "/root/image")
            try FileManager.default.createSymbolicLink(atPath: directory + "/root/image", withDestinationPath: container.flist)
        }
        let process = try start(reservation, container, directory: directory)
        try await Task.sleep(for: startCheck)
        if let status = LocalProcess.reap(pid_t(truncatingIfNeeded: process.pid)), status != 0 {
            let output = (try? String(contentsOfFile: directory + "/output.log", encoding: .utf8)) ?? ""
            throw ContainerError(description: "the entrypoint of \(id) exited at once with status \(status >> 8): \(output.suffix(300).trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return process
    }

    /// Stops the process group (SIGTERM, then SIGKILL after 5 s) and removes the directory.
    public func decommission(_ entry: ProvisionState.CacheEntry, on node: NodeContext) async throws {
        let id = entry.reservation.id
        let directory = Self.directory(of: id, dataRoot: node.dataRoot)
        if let supervision = supervised.withLock({ $0.removeValue(forKey: id) }) {
            supervision.stopping.store(true, ordering: .sequentiallyConsistent)
            supervision.task.withLock { $0 }?.cancel()
            let process = supervision.process.withLock { $0 }
            await Self.stop(pid: pid_t(truncatingIfNeeded: process.pid), startTime: process.startTime)
        } else if let process = try? readProcess(directory) {
            await Self.stop(pid: pid_t(truncatingIfNeeded: process.pid), startTime: process.startTime)
        }
        if FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.removeItem(atPath: directory)
        }
    }

    /// Adopts the container's process when it still runs (same PID and start time), else starts it.
    public func restore(_ entry: ProvisionState.CacheEntry, on node: NodeContext) async {
        guard case .container(let container) = entry.reservation.data else { return }
        let id = entry.reservation.id
        let directory = Self.directory(of: id, dataRoot: node.dataRoot)
        if let process = try? readProcess(directory),
           LocalProcess.isRunning(pid: pid_t(truncatingIfNeeded: process.pid), startTime: process.startTime) {
            node.logger.info("adopting a running container", metadata: ["id": "\(id)", "pid": "\(process.pid)"])
            supervise(entry.reservation, container, directory: directory, process: process, logger: node.logger)
            return
        }
        do {
            let process = try start(entry.reservation, container, directory: directory)
            node.logger.info("restarted a container", metadata: ["id": "\(id)", "pid": "\(process.pid)"])
            supervise(entry.reservation, container, directory: directory, process: process, logger: node.logger)
        } catch {
            node.logger.error("cannot restart a container", metadata: ["id": "\(id)", "error": "\(error)"])
        }
    }

    /// Stops every supervised container's supervision (not the processes: they outlive the
    /// daemon and are adopted when it restarts).
    public func detachAll() {
        let all = supervised.withLock { state -> [Supervision] in
            defer { state.removeAll() }
            return Array(state.values)
        }
        for supervision in all {
            supervision.stopping.store(true, ordering: .sequentiallyConsistent)
            supervision.task.withLock { $0 }?.cancel()
        }
    }

    // MARK: - Internals

    /// The symbolic links of the mounts: mountpoint → volume directory. Each volume must be an
    /// applied volume reservation of the same user that is not being deleted.
    private func mountLinks(_ container: Provision.Container, of reservation: Provision.Reservation,
                            on node: NodeContext) throws -> [(String, String)] {
        var links: [(String, String)] = []
        for mount in container.mounts {
            let point = mount.mountpoint
            guard point.hasPrefix("/"), point.count > 1, !point.split(separator: "/").contains(".."),
                  !point.split(separator: "/").contains("."), !point.contains("\0") else {
                throw ContainerError(description: "mountpoint \"\(point.prefix(80))\" must be an absolute path without . or .. components")
            }
            guard let volume = node.cache.entry(mount.volumeID), volume.reservation.type == .volume else {
                throw ContainerError(description: "mount \(point) refers to volume \(mount.volumeID), which is not applied on this node")
            }
            guard volume.reservation.user == reservation.user else {
                throw ContainerError(description: "mount \(point) refers to volume \(mount.volumeID), which belongs to another user")
            }
            links.append((point, VolumeProvisioner.path(of: mount.volumeID, dataRoot: node.dataRoot)))
        }
        return links
    }

    private func start(_ reservation: Provision.Reservation, _ container: Provision.Container,
                       directory: String) throws -> ProvisionState.ContainerProcess {
        var environment = container.env.merging(container.secretEnv) { _, secret in secret }
        environment["PATH"] = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        environment["HOME"] = directory + "/root"
        environment["CONTAINER_ID"] = reservation.id
        var script = "cd '\(directory)/root' || exit 111\n"
        if container.capacity.memory > 0 {
            script += "ulimit -v \(container.capacity.memory * 1024) || exit 112\n"
        }
        script += "exec " + container.entrypoint
        let pid = try LocalProcess.spawn(script: script, environment: environment, logPath: directory + "/output.log")
        // The start time identifies the process across a daemon restart (PIDs are reused).
        var startTime: UInt64 = 0
        for _ in 0..<50 {
            if let time = LocalProcess.startTime(of: pid) { startTime = time; break }
            usleep(1000)
        }
        let process = ProvisionState.ContainerProcess(pid: Int64(pid), startTime: startTime)
        try AtomicFile.write(try process.serializedBytes(), to: directory + "/process.pb")
        return process
    }

    private func readProcess(_ directory: String) throws -> ProvisionState.ContainerProcess? {
        guard let bytes = try DurableFiles.read(directory + "/process.pb") else { return nil }
        return try ProvisionState.ContainerProcess(serializedBytes: bytes)
    }

    /// Watches the process; restarts it when it exits, up to `maxRestarts` times in a row.
    private func supervise(_ reservation: Provision.Reservation, _ container: Provision.Container, directory: String,
                           process: ProvisionState.ContainerProcess, logger: Logger) {
        let id = reservation.id
        let supervision = Supervision(process: process)
        supervised.withLock { $0[id] = supervision }
        let maxRestarts = self.maxRestarts
        let task = Task { [weak self] in
            var restarts = 0
            while !Task.isCancelled && !supervision.stopping.load(ordering: .sequentiallyConsistent) {
                let current = supervision.process.withLock { $0 }
                let pid = pid_t(truncatingIfNeeded: current.pid)
                let exited: Bool
                if let status = LocalProcess.reap(pid) {
                    exited = true
                    logger.warning("container exited", metadata: ["id": "\(id)", "status": "\(status >> 8)"])
                } else {
                    exited = !LocalProcess.isRunning(pid: pid, startTime: current.startTime)
                }
                if !exited {
                    restarts = 0
                    try? await Task.sleep(for: .milliseconds(250))
                    continue
                }
                if supervision.stopping.load(ordering: .sequentiallyConsistent) { return }
                restarts += 1
                guard restarts <= maxRestarts else {
                    logger.error("container keeps exiting; left stopped", metadata: ["id": "\(id)", "restarts": "\(maxRestarts)"])
                    return
                }
                try? await Task.sleep(for: .milliseconds(200 * (1 << min(restarts, 6))))
                guard let self, !Task.isCancelled, !supervision.stopping.load(ordering: .sequentiallyConsistent) else { return }
                do {
                    let restarted = try self.start(reservation, container, directory: directory)
                    supervision.process.withLock { $0 = restarted }
                    logger.info("container restarted", metadata: ["id": "\(id)", "pid": "\(restarted.pid)"])
                } catch {
                    logger.error("cannot restart a container", metadata: ["id": "\(id)", "error": "\(error)"])
                }
            }
        }
        supervision.task.withLock { $0 = task }
    }

    /// Stops the process group: SIGTERM, then SIGKILL after 5 seconds. A process that is gone
    /// (or whose PID now names another process) is left alone.
    static func stop(pid: pid_t, startTime: UInt64) async {
        guard LocalProcess.isRunning(pid: pid, startTime: startTime) else {
            _ = LocalProcess.reap(pid)
            return
        }
        LocalProcess.signalGroup(pid, SIGTERM)
        for _ in 0..<100 {
            _ = LocalProcess.reap(pid)
            if !LocalProcess.isRunning(pid: pid, startTime: startTime) { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
        LocalProcess.signalGroup(pid, SIGKILL)
        for _ in 0..<40 {
            _ = LocalProcess.reap(pid)
            if !LocalProcess.isRunning(pid: pid, startTime: startTime) { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}

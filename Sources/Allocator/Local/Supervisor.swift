import Foundation
import Logging
import Synchronization

/// Runs one container of a local instance as a child process and restarts it when it exits on
/// its own, with a backoff that doubles from 1 s to 30 s (and starts over after a run of a
/// minute). Output goes to a log file. `stop()` sends SIGTERM, then SIGKILL after a grace.
final class Supervisor: Sendable {
    struct Launch: Sendable {
        let name: String
        let executable: String
        let arguments: [String]
        let environment: [String: String]
        let workingDirectory: String
        let logFile: String
    }

    let launch: Launch
    private let logger: Logger
    private let onChange: @Sendable () -> Void
    private let state = Mutex(State())

    private struct State {
        var process: Process?
        var stopping = false
        var restarts = 0
        var startedAt = ContinuousClock.now
        var recentCrashes: [ContinuousClock.Instant] = []
    }

    /// - Parameter onChange: called after every start and exit (to save the pids).
    init(_ launch: Launch, logger: Logger, onChange: @escaping @Sendable () -> Void) {
        self.launch = launch
        self.logger = logger
        self.onChange = onChange
    }

    /// The running process's pid and start time (for finding it again after a restart of the allocator).
    var running: (pid: Int32, startTime: UInt64)? {
        guard let process = state.withLock({ $0.process }), process.isRunning else { return nil }
        return ProcessIdentity.startTime(of: process.processIdentifier).map { (process.processIdentifier, $0) }
    }

    /// Whether it crashed three times in the last minute.
    var isFailing: Bool {
        state.withLock { state in
            state.recentCrashes.filter { ContinuousClock.now - $0 < .seconds(60) }.count >= 3
        }
    }

    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launch.executable)
        process.arguments = launch.arguments
        process.environment = launch.environment
        process.currentDirectoryURL = URL(fileURLWithPath: launch.workingDirectory)
        if !FileManager.default.fileExists(atPath: launch.logFile) {
            _ = FileManager.default.createFile(atPath: launch.logFile, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: launch.logFile))
        try log.seekToEnd()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [weak self] exited in
            try? log.close()
            self?.exited(exited)
        }
        try process.run()
        state.withLock {
            $0.process = process
            $0.startedAt = .now
        }
        logger.info("started", metadata: ["container": "\(launch.name)", "pid": "\(process.processIdentifier)"])
        onChange()
    }

    private func exited(_ process: Process) {
        let pause = state.withLock { state -> Duration? in
            guard state.process === process, !state.stopping else { return nil }
            state.process = nil
            if ContinuousClock.now - state.startedAt > .seconds(60) { state.restarts = 0 }
            state.recentCrashes.append(.now)
            state.recentCrashes.removeAll { ContinuousClock.now - $0 > .seconds(60) }
            defer { state.restarts += 1 }
            return min(.seconds(1) * (1 << min(state.restarts, 5)), .seconds(30))
        }
        onChange()
        guard let pause else { return }
        logger.warning("exited; restarting in \(pause)", metadata: [
            "container": "\(launch.name)", "status": "\(process.terminationStatus)", "reason": "\(process.terminationReason == .uncaughtSignal ? "signal" : "exit")",
        ])
        Task { [weak self] in
            try? await Task.sleep(for: pause)
            guard let self, !self.state.withLock({ $0.stopping || $0.process != nil }) else { return }
            do {
                try self.start()
            } catch {
                self.logger.error("cannot restart: \(error)", metadata: ["container": "\(self.launch.name)"])
            }
        }
    }

    /// Stops the process and keeps it stopped: SIGTERM, then SIGKILL after `grace`.
    func stop(grace: Duration = .seconds(5)) async {
        let process = state.withLock { state -> Process? in
            state.stopping = true
            return state.process
        }
        guard let process, process.isRunning else { return }
        // Foundation learns of the exit late (its reaper thread), so watch /proc instead.
        let pid = process.processIdentifier
        await ProcessIdentity.terminate(pid, grace: grace) { ProcessIdentity.isAlive(pid) }
        state.withLock { $0.process = nil }
        onChange()
    }
}

/// Finding and stopping processes by pid, checked against their start time so that a reused
/// pid is never killed.
enum ProcessIdentity {
    /// The start time of a process (field 22 of /proc/PID/stat, in clock ticks since boot).
    static func startTime(of pid: Int32) -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command come state (field 3) ... starttime (field 22).
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// SIGTERM, then SIGKILL if `isRunning` still holds after `grace`.
    static func terminate(_ pid: Int32, grace: Duration, isRunning: () -> Bool) async {
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while isRunning(), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if isRunning() { kill(pid, SIGKILL) }
    }

    /// Stops a process left by an earlier run of the allocator, if it is still the same one.
    static func stopLeftover(pid: Int32, startTime: UInt64) async {
        guard Self.startTime(of: pid) == startTime else { return }
        await terminate(pid, grace: .seconds(5)) { Self.startTime(of: pid) == startTime && isAlive(pid) }
    }

    /// Whether the process exists and has not exited (an exited child waiting to be reaped is
    /// a zombie: dead).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }
}

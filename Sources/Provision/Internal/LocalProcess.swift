#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Processes started in their own session (so they outlive the daemon and can be signalled as
/// a group), and checks that a PID still names the process it named before.
enum LocalProcess {
    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `/bin/sh -c script` in a new session with exactly `environment`, its standard
    /// output and error appended to `logPath`. Returns the PID (also the process group).
    static func spawn(script: String, environment: [String: String], logPath: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of the daemon's leaks into the workload: not its sockets (the store
        // connection), not its pipes.
        closeDescriptors(from: 3, in: &actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Default dispositions and an empty mask: the daemon ignores and blocks signals for its
        // own handling (SIGTERM, SIGINT, …), which a child would otherwise inherit and keep.
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        #if canImport(Glibc)
        // POSIX_SPAWN_SETSID (0x80 in glibc's spawn.h), not imported into Swift without _GNU_SOURCE.
        flags |= 0x80
        #endif
        posix_spawnattr_setflags(&attributes, flags)
        let arguments = ["/bin/sh", "-c", script]
        let environmentStrings = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environmentStrings.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, &envp)
        guard status == 0 else {
            throw SpawnError(description: "cannot start /bin/sh: \(String(cString: strerror(status)))")
        }
        return pid
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// Adds actions closing every descriptor from `first` on: glibc's
    /// `posix_spawn_file_actions_addclosefrom_np` (2.34 and later, looked up at run time since
    /// Swift does not import it), else one close action per descriptor open now.
    private static func closeDescriptors(from first: Int32, in actions: inout posix_spawn_file_actions_t) {
        if let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
            if closeFrom(&actions, first) == 0 { return }
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init).sorted() where fd >= first {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }

    /// The process's start time in clock ticks since boot (field 22 of /proc/PID/stat); nil
    /// when there is no such process.
    static func startTime(of pid: pid_t) -> UInt64? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // The command name (field 2) is in parentheses and may contain spaces: split after it.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After ")", fields start at field 3 (state); field 22 is index 19.
        guard fields.count > 19, fields[0] != "Z" else { return nil }
        return UInt64(fields[19])
    }

    /// Whether `pid` is alive and is the process that started at `startTime`.
    /// A start time of 0 (unknown) only checks that the PID is alive.
    static func isRunning(pid: pid_t, startTime: UInt64) -> Bool {
        guard pid > 0, let actual = self.startTime(of: pid) else { return false }
        return startTime == 0 || actual == startTime
    }

    /// Reaps `pid` if it is our exited child; returns its exit status, or nil while it runs
    /// (or when it is not our child).
    static func reap(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        return status
    }

    /// Signals the process group `pid`.
    static func signalGroup(_ pid: pid_t, _ signal: Int32) {
        if pid > 0 { kill(-pid, signal) }
    }
}

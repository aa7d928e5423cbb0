import Dispatch
import Foundation
import Synchronization
import Testing

/// Runs the package's executables from tests. Waiting for a process blocks a thread, so every
/// wait happens on a Dispatch thread: blocking the few threads of Swift's cooperative pool
/// would stall every other test running in parallel (servers miss their handshake timeouts).
public enum TestProcess {
    /// What a finished command printed, and its exit status.
    public struct Output: Sendable, CustomStringConvertible {
        public let status: Int32
        public let out: String
        public let err: String
        public var description: String { "exit \(status)\nstdout: \(out)\nstderr: \(err)" }
    }

    /// A built product: next to the test bundle (`.build/<triple>/debug`) or in `.build/debug`.
    public static func executable(_ name: String) throws -> URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [bundle.appendingPathComponent(name), bundle.deletingLastPathComponent().appendingPathComponent(name),
                          root.appendingPathComponent(".build/debug/\(name)")]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw LaunchError(description: "\(name) is not built next to the tests (looked in \(candidates.map(\.path)))")
        }
        return found
    }

    public struct LaunchError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs a built product (or, with a `/` in `name`, that file) to completion.
    public static func run(_ name: String, _ arguments: [String], input: String? = nil,
                           environment: [String: String]? = nil) async throws -> Output {
        let executable = name.contains("/") ? URL(fileURLWithPath: name) : try executable(name)
        return try await onDispatchThread {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            if let environment { process.environment = environment }
            let stdin = Pipe(), out = Pipe(), err = Pipe()
            process.standardInput = input == nil ? FileHandle.nullDevice : stdin
            process.standardOutput = out
            process.standardError = err
            try process.run()
            if let input {
                stdin.fileHandleForWriting.write(Data(input.utf8))
                try stdin.fileHandleForWriting.close()
            }
            // Read both pipes at once, so that a command filling one cannot block on it.
            let errors = Mutex(Data())
            let reader = DispatchGroup()
            DispatchQueue.global().async(group: reader) {
                let data = err.fileHandleForReading.readDataToEndOfFile()
                errors.withLock { $0 = data }
            }
            let output = out.fileHandleForReading.readDataToEndOfFile()
            reader.wait()
            process.waitUntilExit()
            return Output(status: process.terminationStatus, out: String(decoding: output, as: UTF8.self),
                          err: String(decoding: errors.withLock { $0 }, as: UTF8.self))
        }
    }

    /// Starts a daemon and waits until it prints a line starting with `until`.
    public static func start(_ name: String, _ arguments: [String], until prefix: String = "Listening on",
                             stderr: String? = nil, environment: [String: String]? = nil) async throws -> Daemon {
        let executable = try executable(name)
        return try await onDispatchThread {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            if let environment { process.environment = environment }
            let out = Pipe()
            process.standardOutput = out
            if let stderr {
                FileManager.default.createFile(atPath: stderr, contents: nil)
                process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
            } else {
                process.standardError = FileHandle.nullDevice
            }
            try process.run()
            var lines: [String] = [], line = Data()
            let handle = out.fileHandleForReading
            while lines.last?.hasPrefix(prefix) != true {
                let byte = handle.readData(ofLength: 1)
                guard !byte.isEmpty else {
                    throw LaunchError(description: "\(name) exited before printing \"\(prefix)\"; it printed \(lines)")
                }
                if byte == Data("\n".utf8) {
                    lines.append(String(decoding: line, as: UTF8.self))
                    line = Data()
                } else {
                    line.append(byte)
                }
            }
            return Daemon(process: process, lines: lines)
        }
    }

    /// Polls `condition` every 100 ms for at most `seconds`.
    public static func eventually(_ seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }

    /// Runs blocking work (waiting for a process, reading a pipe) on a Dispatch thread.
    public static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await onDispatchThread(body)
    }

    static func onDispatchThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result(catching: body)) }
        }
    }
}

/// A daemon a test started; stopped with a signal.
public final class Daemon: Sendable {
    private let process: Mutex<Process>
    /// The lines it printed up to the one that was awaited.
    public let lines: [String]
    public let pid: Int32

    init(process: Process, lines: [String]) {
        self.pid = process.processIdentifier
        self.process = Mutex(process)
        self.lines = lines
    }

    /// The last word of its first line: the address of "Listening on ADDR".
    public var address: String { lines.first?.split(separator: " ").last.map(String.init) ?? "" }

    public var isRunning: Bool { process.withLock { $0.isRunning } }

    /// Sends `signal` and waits (on a Dispatch thread) for the exit; returns the exit status.
    @discardableResult
    public func stop(_ signal: Int32 = SIGTERM) async throws -> Int32 {
        kill(pid, signal)
        return try await TestProcess.onDispatchThread { [self] in
            let process = self.process.withLock { $0 }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// SIGKILL without waiting (the process may stay a zombie for a while).
    public func kill9() { kill(pid, SIGKILL) }

    deinit {
        process.withLock { if $0.isRunning { $0.terminate() } }
    }
}

/// Credentials made with the `principal` command.
public enum TestCredentials {
    /// A new principal self-blessed `name` in `directory/name`.
    public static func root(_ directory: String, _ name: String = "root") async throws -> String {
        let path = directory + "/" + name
        let result = try await TestProcess.run("principal", ["create", path, name])
        guard result.status == 0 else { throw TestProcess.LaunchError(description: "principal create: \(result)") }
        return path
    }

    /// A principal blessed `<root's name>:<extension>` by `root` (or by `blesser`), presenting
    /// it to everyone and trusting its roots.
    public static func member(_ directory: String, blessedBy blesser: String, _ extension: String) async throws -> String {
        let path = directory + "/" + `extension`.replacingOccurrences(of: ":", with: "-") + "-" + String(UInt16.random(in: 0...UInt16.max))
        let blessing = path + ".blessing"
        for arguments in [["create", path, `extension`],
                          ["bless", "--credentials", blesser, path, `extension`, "--for", "1h", "--output", blessing],
                          ["set", "default", "--credentials", path, blessing, "--add-to-roots"],
                          ["set", "forpeer", "--credentials", path, blessing, "..."]] {
            let result = try await TestProcess.run("principal", arguments)
            guard result.status == 0 else { throw TestProcess.LaunchError(description: "principal \(arguments[0]): \(result)") }
        }
        return path
    }
}

import Dispatch
import Foundation

/// A test server written in Python (a script in `Tests/KubernetesTests`), run with the kmock virtualenv's
/// interpreter on 127.0.0.1, stopped by ``stop()`` or when the test process ends (the scripts
/// exit when their standard input closes).
public final class PythonServerProcess: Sendable {
    /// The URL from the script's "listening URL" line.
    public let url: String
    private let process: Process
    private let stdin: Pipe

    private init(url: String, process: Process, stdin: Pipe) {
        self.url = url
        self.process = process
        self.stdin = stdin
    }

    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts `script` (a file in `Tests/KubernetesTests`) and waits, at most
    /// ``Kmock/startTimeout``, for its first line, `listening http(s)://127.0.0.1:PORT`.
    public static func start(script name: String, arguments: [String]) async throws -> PythonServerProcess {
        guard let python = Kmock.python else {
            throw StartError(description: "VDL_REQUIRE_KMOCK=1 but kmock is missing: \(Kmock.skipReason)")
        }
        let script = (Kmock.testTargetDirectory as NSString).appendingPathComponent(name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderrPath = NSTemporaryDirectory() + "python-server-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: stderrPath) }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        do {
            try process.run()
        } catch {
            throw StartError(description: "cannot start \(python) \(script): \(error)")
        }

        // Read the first line on a thread of its own; a timer kills a server that does not
        // start, which ends the read with end-of-file.
        let watchdog = Task {
            try await Task.sleep(for: Kmock.startTimeout)
            process.terminate()
        }
        // On a Dispatch thread: a blocking read on the cooperative pool would stall other tests.
        let handle = stdout.fileHandleForReading
        let line = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: readLine(from: handle)) }
        }
        watchdog.cancel()

        guard let line, line.hasPrefix("listening "), let url = line.split(separator: " ").last.map(String.init),
            url.hasPrefix("http://127.0.0.1:") || url.hasPrefix("https://127.0.0.1:")
        else {
            let timedOut = process.isRunning
            process.terminate()
            process.waitUntilExit()
            let what =
                timedOut
                ? "did not start within \(Kmock.startTimeout)" : "exited with status \(process.terminationStatus)"
            let log = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
            throw StartError(description: "\(name) \(what) (first line: \(line ?? "none")): \(log.suffix(2000))")
        }
        return PythonServerProcess(url: url, process: process, stdin: stdin)
    }

    /// Stops the server (closing its standard input ends it; SIGTERM makes sure). Does not
    /// wait: that would block a thread of the cooperative pool.
    public func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
    }

    /// Reads up to the first newline (at most 4 KiB); `nil` at end-of-file before any byte.
    private static func readLine(from handle: FileHandle) -> String? {
        var bytes: [UInt8] = []
        while bytes.count < 4096 {
            let chunk = handle.readData(ofLength: 1)
            guard let byte = chunk.first else { break }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}

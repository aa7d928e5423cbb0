import Foundation
import Testing

/// Runs the built executables (`reservation-stored`, `provisiond`, `provision`).
enum Processes {
    /// Built products sit next to the test bundle (`.build/<triple>/debug`).
    static func executable(_ name: String) throws -> URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            bundle.appendingPathComponent(name),
            bundle.deletingLastPathComponent().appendingPathComponent(name),
            root.appendingPathComponent(".build/debug/\(name)"),
        ]
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                            "\(name) is not built next to the tests (looked in \(candidates.map(\.path)))")
    }

    /// Runs an executable to completion; returns exit status, stdout and stderr.
    static func run(_ name: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = try executable(name)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output, errors)
    }

    /// A long-running process whose first output line is read (e.g. "Listening on ADDR").
    final class Daemon {
        let process = Process()
        let firstLine: String

        init(_ name: String, _ arguments: [String], logTo log: String) throws {
            process.executableURL = try Processes.executable(name)
            process.arguments = arguments
            let out = Pipe()
            process.standardOutput = out
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            try process.run()
            var line = ""
            let handle = out.fileHandleForReading
            while !line.hasSuffix("\n") && line.utf8.count < 4096 {
                let byte = handle.readData(ofLength: 1)
                guard !byte.isEmpty else { break }
                line += String(decoding: byte, as: UTF8.self)
            }
            firstLine = line.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// The last word of the first line (the address after "Listening on").
        var address: String { firstLine.split(separator: " ").last.map(String.init) ?? "" }

        /// Sends `signal` and waits (bounded) for the exit.
        func stop(_ signal: Int32 = SIGTERM) async throws {
            guard process.isRunning else { return }
            kill(process.processIdentifier, signal)
            let deadline = ContinuousClock.now + .seconds(15)
            while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }
}

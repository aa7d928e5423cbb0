import Foundation

/// Builds and runs the C programs of Interop/c/ (protobuf-c peers of the Swift runtime).
enum CInterop {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// An executable named `name` on PATH or in the usual places.
    static func tool(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        return directories.lazy
            .map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// cc, make, protoc-c and the libprotobuf-c headers are installed.
    static let toolsPresent: Bool = {
        let header = ["/usr/include/protobuf-c/protobuf-c.h", "/usr/local/include/protobuf-c/protobuf-c.h",
                      "/opt/homebrew/include/protobuf-c/protobuf-c.h"]
        return ["cc", "make", "protoc-c"].allSatisfy { tool($0) != nil }
            && header.contains { FileManager.default.fileExists(atPath: $0) }
    }()

    /// The `vdlc` built with this test bundle (the build plugin depends on it), else one in a
    /// build directory of the repository; `VDLC` in the environment overrides both.
    static func vdlc() throws -> URL {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["VDLC"] { candidates.append(URL(fileURLWithPath: path)) }
        var directories = [URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()]
        if let executable = Bundle.main.executableURL { directories.append(executable.deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        directories += [".build/debug", ".build-interop/debug", ".build-tests/debug"].map { repositoryRoot.appendingPathComponent($0) }
        candidates += directories.map { $0.appendingPathComponent("vdlc") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw BuildFailure(description: "vdlc not found next to the test bundle or in .build/debug: swift build --product vdlc, or set VDLC")
        }
        return found
    }

    /// The built C programs.
    struct Programs: Sendable {
        let fortuneC: URL
        let codecRoundtrip: URL
    }

    /// `make -C Interop/c` into a fresh directory, once per test run.
    static func programs() async throws -> Programs {
        try await build.value
    }

    private static let build = Task<Programs, any Error> {
        let vdlc = try CInterop.vdlc()
        guard let make = tool("make") else { throw BuildFailure(description: "make is not installed") }
        guard tool("protoc-c") != nil, tool("cc") != nil else {
            throw BuildFailure(description: "cc or protoc-c is not installed: apt-get install gcc protobuf-c-compiler libprotobuf-c-dev")
        }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vdl-c-interop-\(UUID().uuidString)")
        let result = try await run(make, [
            "-C", repositoryRoot.appendingPathComponent("Interop/c").path, "VDLC=\(vdlc.path)", "OUT=\(out.path)",
        ], timeout: .seconds(90))
        guard result.status == 0 else {
            throw BuildFailure(description: "make failed (\(result.status)):\n\(result.output)\n\(result.errors)")
        }
        return Programs(fortuneC: out.appendingPathComponent("fortune-c"), codecRoundtrip: out.appendingPathComponent("codec-roundtrip"))
    }

    struct BuildFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// What a finished process left behind.
    struct Run: Sendable {
        let status: Int32
        let stdout: [UInt8]
        let stderr: [UInt8]
        var output: String { String(decoding: stdout, as: UTF8.self) }
        var errors: String { String(decoding: stderr, as: UTF8.self) }
    }

    private final class Running: @unchecked Sendable {
        let process = Process()
    }

    /// Runs a program with `input` on stdin, without blocking a thread of the cooperative pool:
    /// stdin, stdout and stderr are files, and the exit is awaited. The process is killed after
    /// `timeout`.
    static func run(_ executable: URL, _ arguments: [String], input: [UInt8] = [], timeout: Duration = .seconds(30)) async throws -> Run {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vdl-c-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stdinURL = directory.appendingPathComponent("stdin")
        let stdoutURL = directory.appendingPathComponent("stdout")
        let stderrURL = directory.appendingPathComponent("stderr")
        try Data(input).write(to: stdinURL)
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdin = try FileHandle(forReadingFrom: stdinURL)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdin.close()
            try? stdout.close()
            try? stderr.close()
        }

        let running = Running()
        running.process.executableURL = executable
        running.process.arguments = arguments
        running.process.standardInput = stdin
        running.process.standardOutput = stdout
        running.process.standardError = stderr
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            if running.process.isRunning { running.process.terminate() }
        }
        defer { watchdog.cancel() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            running.process.terminationHandler = { process in continuation.resume(returning: process.terminationStatus) }
            do {
                try running.process.run()
            } catch {
                running.process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Run(status: status, stdout: Array(try Data(contentsOf: stdoutURL)), stderr: Array(try Data(contentsOf: stderrURL)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}

import Foundation
import Testing

/// The shipped executables: `fortuned` serves, the `fortune` CLI talks to it, SIGTERM drains.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct FortuneProcessTests {
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

    /// Runs the fortune CLI; returns exit status, stdout and stderr.
    static func fortune(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = try executable("fortune")
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

    @Test func fortunedServesTheCLIAndDrainsOnSIGTERM() async throws {
        let server = Process()
        server.executableURL = try Self.executable("fortuned")
        server.arguments = ["--address", "127.0.0.1:0"]
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        defer { if server.isRunning { server.terminate() } }

        // The first line names the address it listens on.
        var line = ""
        let handle = out.fileHandleForReading
        while !line.hasSuffix("\n") {
            let byte = handle.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            line += String(decoding: byte, as: UTF8.self)
        }
        let address = try #require(line.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(line.hasPrefix("Listening on 127.0.0.1:"))

        let empty = try Self.fortune(["--server", address, "get"])
        #expect(empty.status == 1)
        #expect(empty.err.contains("examples/fortune.NoFortunes"))
        #expect(try Self.fortune(["--server", address, "add", "A bird in the hand"]).status == 0)
        #expect(try Self.fortune(["--server", address, "get"]).out == "A bird in the hand\n")
        #expect(try Self.fortune(["--server", address, "has", "A bird in the hand"]).out == "true\n")
        #expect(try Self.fortune(["--server", address, "has", "two in the bush"]).out == "false\n")
        let bad = try Self.fortune(["--server", "not-an-address", "get"])
        #expect(bad.status == 2)
        #expect(bad.err.contains("invalid address"))

        kill(server.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(10)
        while server.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!server.isRunning, "fortuned did not exit after SIGTERM")
        #expect(server.terminationStatus == 0)
        let gone = try Self.fortune(["--server", address, "get", "--timeout", "2"])
        #expect(gone.status == 1)
        #expect(gone.err.contains("vdl.Unavailable"))
    }
}

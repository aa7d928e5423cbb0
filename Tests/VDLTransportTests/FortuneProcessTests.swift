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

    /// Runs one of the built executables; returns exit status, stdout and stderr.
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

    static func fortune(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try run("fortune", arguments)
    }

    /// Runs `principal`, expecting success.
    @discardableResult
    static func principal(_ arguments: [String]) throws -> String {
        let result = try run("principal", arguments)
        #expect(result.status == 0, "principal \(arguments.joined(separator: " ")): \(result.err)")
        return result.out
    }

    /// alice serves; bob holds alice:friend. Permissions: Read for alice and its extensions,
    /// Write for alice only. SIGTERM drains.
    @Test func fortunedServesTheCLIUnderPermissionsAndDrainsOnSIGTERM() async throws {
        let directory = NSTemporaryDirectory() + "vdl-process-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let alice = directory + "/alice", bob = directory + "/bob", friend = directory + "/bob.blessing"
        #expect(try Self.principal(["create", alice, "alice"]).contains("default: alice"))
        try Self.principal(["create", bob, "bob"])
        try Self.principal(["bless", "--credentials", alice, bob, "friend", "--for", "1h", "--output", friend])
        try Self.principal(["set", "forpeer", "--credentials", bob, friend, "alice", "--add-to-roots"])
        #expect(try Self.principal(["dump", "--credentials", bob]).contains("peer: alice alice:friend"))

        let server = Process()
        server.executableURL = try Self.executable("fortuned")
        server.arguments = ["--address", "127.0.0.1:0", "--credentials", alice,
                            "--permissions", #"{"Read": {"In": ["alice"]}, "Write": {"In": ["alice:$"]}}"#]
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
        let asAlice = ["--server", address, "--credentials", alice, "--server-blessings", "alice:$"]
        let asBob = ["--server", address, "--credentials", bob]

        let empty = try Self.fortune(asAlice + ["get"])
        #expect(empty.status == 1)
        #expect(empty.err.contains("examples/fortune.NoFortunes"))
        #expect(try Self.fortune(asAlice + ["add", "A bird in the hand"]).status == 0)
        #expect(try Self.fortune(asBob + ["get"]).out == "A bird in the hand\n")
        #expect(try Self.fortune(asBob + ["has", "A bird in the hand"]).out == "true\n")
        #expect(try Self.fortune(asAlice + ["has", "two in the bush"]).out == "false\n")
        let refused = try Self.fortune(asBob + ["add", "two in the bush"])
        #expect(refused.status == 1)
        #expect(refused.err.contains("vdl.NoAccess") && refused.err.contains("alice:friend"))
        let stranger = try Self.fortune(["--server", address, "get"])
        #expect(stranger.status == 1)
        #expect(stranger.err.contains("vdl.NoAccess"))
        let pinned = try Self.fortune(["--server", "/(carol)@\(address)", "--credentials", bob, "get"])
        #expect(pinned.status == 1)
        #expect(pinned.err.contains("vdl.NotTrusted"))
        let bad = try Self.fortune(["--server", "/not-an-address", "get"])
        #expect(bad.status == 2)
        #expect(bad.err.contains("invalid name \"/not-an-address\""))

        kill(server.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(10)
        while server.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!server.isRunning, "fortuned did not exit after SIGTERM")
        #expect(server.terminationStatus == 0)
        let gone = try Self.fortune(asAlice + ["get", "--timeout", "2"])
        #expect(gone.status == 1)
        #expect(gone.err.contains("vdl.Unavailable"))
    }

    @Test func principalReportsBadCredentialsClearly() throws {
        let missing = try Self.run("principal", ["dump", "--credentials", "/nonexistent/vdl"])
        #expect(missing.status != 0)
        #expect(missing.err.contains("does not exist"))
        let directory = NSTemporaryDirectory() + "vdl-process-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.principal(["create", directory, "carol"])
        chmod(directory + "/privatekey.pem", 0o640)
        let exposed = try Self.run("principal", ["dump", "--credentials", directory])
        #expect(exposed.status != 0)
        #expect(exposed.err.contains("mode 640"))
        let badBlessing = try Self.run("principal", ["dumpblessings", "not-a-blessing!"])
        #expect(badBlessing.status != 0)
        #expect(badBlessing.err.contains("base64url"))
    }
}

import Foundation
import ProcessTestSupport
import Testing

/// The shipped executables: `fortuned` serves, the `fortune` CLI talks to it, SIGTERM drains.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct FortuneProcessTests {
    static func executable(_ name: String) throws -> URL { try TestProcess.executable(name) }

    static func run(_ name: String, _ arguments: [String]) async throws -> TestProcess.Output {
        try await TestProcess.run(name, arguments)
    }

    static func fortune(_ arguments: [String]) async throws -> TestProcess.Output {
        try await run("fortune", arguments)
    }

    /// Runs `principal`, expecting success.
    @discardableResult
    static func principal(_ arguments: [String]) async throws -> String {
        let result = try await run("principal", arguments)
        #expect(result.status == 0, "principal \(arguments.joined(separator: " ")): \(result.err)")
        return result.out
    }

    /// alice serves; bob holds alice:friend. Permissions: Read for alice and its extensions,
    /// Write for alice only. SIGTERM drains.
    @Test func fortunedServesTheCLIUnderPermissionsAndDrainsOnSIGTERM() async throws {
        let directory = NSTemporaryDirectory() + "vdl-process-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let alice = directory + "/alice", bob = directory + "/bob", friend = directory + "/bob.blessing"
        #expect(try await Self.principal(["create", alice, "alice"]).contains("default: alice"))
        try await Self.principal(["create", bob, "bob"])
        try await Self.principal(["bless", "--credentials", alice, bob, "friend", "--for", "1h", "--output", friend])
        try await Self.principal(["set", "forpeer", "--credentials", bob, friend, "alice", "--add-to-roots"])
        #expect(try await Self.principal(["dump", "--credentials", bob]).contains("peer: alice alice:friend"))

        let server = try await TestProcess.start("fortuned", [
            "--address", "127.0.0.1:0", "--credentials", alice,
            "--permissions", #"{"Read": {"In": ["alice"]}, "Write": {"In": ["alice:$"]}}"#,
        ])
        let address = server.address
        #expect(server.lines.first?.hasPrefix("Listening on 127.0.0.1:") == true)
        let asAlice = ["--server", address, "--credentials", alice, "--server-blessings", "alice:$"]
        let asBob = ["--server", address, "--credentials", bob]

        let empty = try await Self.fortune(asAlice + ["get"])
        #expect(empty.status == 1)
        #expect(empty.err.contains("examples/fortune.NoFortunes"))
        #expect(try await Self.fortune(asAlice + ["add", "A bird in the hand"]).status == 0)
        #expect(try await Self.fortune(asBob + ["get"]).out == "A bird in the hand\n")
        #expect(try await Self.fortune(asBob + ["has", "A bird in the hand"]).out == "true\n")
        #expect(try await Self.fortune(asAlice + ["has", "two in the bush"]).out == "false\n")
        let refused = try await Self.fortune(asBob + ["add", "two in the bush"])
        #expect(refused.status == 1)
        #expect(refused.err.contains("vdl.NoAccess") && refused.err.contains("alice:friend"))
        let stranger = try await Self.fortune(["--server", address, "get"])
        #expect(stranger.status == 1)
        #expect(stranger.err.contains("vdl.NoAccess"))
        let pinned = try await Self.fortune(["--server", "/(carol)@\(address)", "--credentials", bob, "get"])
        #expect(pinned.status == 1)
        #expect(pinned.err.contains("vdl.NotTrusted"))
        let bad = try await Self.fortune(["--server", "/not-an-address", "get"])
        #expect(bad.status == 2)
        #expect(bad.err.contains("invalid name \"/not-an-address\""))

        #expect(try await server.stop(SIGTERM) == 0, "fortuned did not exit cleanly after SIGTERM")
        let gone = try await Self.fortune(asAlice + ["get", "--timeout", "2"])
        #expect(gone.status == 1)
        #expect(gone.err.contains("vdl.Unavailable"))
    }

    @Test func principalReportsBadCredentialsClearly() async throws {
        let missing = try await Self.run("principal", ["dump", "--credentials", "/nonexistent/vdl"])
        #expect(missing.status != 0)
        #expect(missing.err.contains("does not exist"))
        let directory = NSTemporaryDirectory() + "vdl-process-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await Self.principal(["create", directory, "carol"])
        chmod(directory + "/privatekey.pem", 0o640)
        let exposed = try await Self.run("principal", ["dump", "--credentials", directory])
        #expect(exposed.status != 0)
        #expect(exposed.err.contains("mode 640"))
        let badBlessing = try await Self.run("principal", ["dumpblessings", "not-a-blessing!"])
        #expect(badBlessing.status != 0)
        #expect(badBlessing.err.contains("base64url"))
    }

    /// A timeout no Duration can hold is an argument error naming the option, not a crash.
    @Test(arguments: ["1e30", "inf", "nan", "0", "soon"])
    func aTimeoutOutOfRangeIsAnArgumentError(_ timeout: String) async throws {
        let result = try await Self.fortune(["--server", "127.0.0.1:1", "--plaintext", "--timeout", timeout, "get"])
        #expect(result.status == 64, "\(result.err)")
        #expect(result.err.contains("The value '\(timeout)' is invalid for '--timeout <timeout>'"), "\(result.err)")
    }
}

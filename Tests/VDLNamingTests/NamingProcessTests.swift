import Foundation
import Testing

/// The shipped executables by name: mounttabled, fortuned --name, the fortune and namespace CLIs.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct NamingProcessTests {
    /// Built products sit next to the test bundle (`.build/<triple>/debug`).
    static func executable(_ name: String) throws -> URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [bundle.appendingPathComponent(name), bundle.deletingLastPathComponent().appendingPathComponent(name),
                          root.appendingPathComponent(".build/debug/\(name)")]
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                            "\(name) is not built next to the tests (looked in \(candidates.map(\.path)))")
    }

    /// Runs a command to completion: exit status, stdout, stderr.
    @discardableResult
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

    /// Starts a server and returns it with the address from its "Listening on ADDR" line.
    static func start(_ name: String, _ arguments: [String]) throws -> (Process, String) {
        let process = Process()
        process.executableURL = try executable(name)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = ""
        let handle = out.fileHandleForReading
        while !line.hasSuffix("\n") {
            let byte = handle.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            line += String(decoding: byte, as: UTF8.self)
        }
        #expect(line.hasPrefix("Listening on "), "\(name) printed \(line)")
        return (process, line.dropFirst("Listening on ".count).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Polls `condition` every 100 ms for at most `seconds`.
    static func eventually(_ seconds: Double, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try condition()
    }

    /// A principal blessed root:<extension> that trusts root.
    static func member(_ directory: String, root: String, _ extension: String) throws -> String {
        let path = directory + "/" + `extension`.replacingOccurrences(of: ":", with: "-")
        #expect(try run("principal", ["create", path, `extension`]).status == 0)
        let blessing = path + ".blessing"
        #expect(try run("principal", ["bless", "--credentials", root, path, `extension`, "--for", "1h", "--output", blessing]).status == 0)
        #expect(try run("principal", ["set", "default", "--credentials", path, blessing, "--add-to-roots"]).status == 0)
        #expect(try run("principal", ["set", "forpeer", "--credentials", path, blessing, "..."]).status == 0)
        return path
    }

    @Test func serversPublishByNameFailOverExpireAndUnmountOnSIGTERM() async throws {
        let directory = NSTemporaryDirectory() + "vdl-naming-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let root = directory + "/root"
        #expect(try Self.run("principal", ["create", root, "root"]).status == 0)
        let mtCredentials = try Self.member(directory, root: root, "mt")
        let fortuneCredentials = try Self.member(directory, root: root, "fortune")
        let alice = try Self.member(directory, root: root, "alice")

        let (table, tableAddress) = try Self.start("mounttabled", [
            "--address", "127.0.0.1:0", "--credentials", mtCredentials,
            "--permissions", #"{"Read": {"In": ["root"]}, "Resolve": {"In": ["root"]}, "Write": {"In": ["root:fortune"]}}"#,
        ])
        defer { if table.isRunning { table.terminate() } }
        let mt = "/(root:mt)@\(tableAddress)"
        let asAlice = ["--namespace-root", mt, "--credentials", alice]
        let fortunedFlags = ["--address", "127.0.0.1:0", "--credentials", fortuneCredentials, "--namespace-root", mt,
                             "--permissions", #"{"Read": {"In": ["root"]}, "Write": {"In": ["root"]}}"#, "--fortune", "shared"]

        // Two servers under one name, each refreshing a 2-second mount.
        let (first, firstAddress) = try Self.start("fortuned", fortunedFlags + ["--name", "fortune", "--name-ttl", "2"])
        defer { if first.isRunning { first.terminate() } }
        let (second, secondAddress) = try Self.start("fortuned", fortunedFlags + ["--name", "fortune", "--name-ttl", "2"])
        defer { if second.isRunning { second.terminate() } }
        #expect(try await Self.eventually(10) {
            let out = try Self.run("namespace", ["resolve", "fortune"] + asAlice).out
            return out.contains(firstAddress) && out.contains(secondAddress)
        })
        let glob = try Self.run("namespace", ["glob", "*"] + asAlice)
        #expect(glob.status == 0 && glob.out.hasPrefix("fortune /(root:fortune)@127.0.0.1:"), "\(glob)")

        #expect(try Self.run("fortune", ["--server", "fortune", "add", "hello"] + asAlice).status == 0)
        #expect(try Self.run("fortune", ["--server", "fortune", "get"] + asAlice).out == "shared\n")

        // One killed: calls keep working through the other.
        kill(first.processIdentifier, SIGKILL)
        for _ in 0..<3 {
            let result = try Self.run("fortune", ["--server", "fortune", "get", "--timeout", "5"] + asAlice)
            #expect(result.out == "shared\n", "\(result.err)")
        }
        // Both killed: the name expires with its TTL.
        kill(second.processIdentifier, SIGKILL)
        #expect(try await Self.eventually(10) {
            try Self.run("namespace", ["resolve", "fortune"] + asAlice).err.contains("services/mounttable.NoSuchName")
        })
        let gone = try Self.run("fortune", ["--server", "fortune", "get", "--timeout", "2"] + asAlice)
        #expect(gone.status == 1 && gone.err.contains("no such name"), "\(gone.err)")

        // A graceful stop unmounts at once, long before a 60-second TTL.
        let (third, _) = try Self.start("fortuned", fortunedFlags + ["--name", "apps/third", "--name-ttl", "60"])
        defer { if third.isRunning { third.terminate() } }
        #expect(try await Self.eventually(10) { try Self.run("namespace", ["resolve", "apps/third"] + asAlice).status == 0 })
        kill(third.processIdentifier, SIGTERM)
        third.waitUntilExit()
        #expect(third.terminationStatus == 0)
        #expect(try Self.run("namespace", ["resolve", "apps/third"] + asAlice).err.contains("NoSuchName"))

        // Alice may resolve but not mount.
        let refused = try Self.run("namespace", ["mount", "evil", "/127.0.0.1:1", "60"] + asAlice)
        #expect(refused.status == 1 && refused.err.contains("vdl.NoAccess"), "\(refused.err)")
        let badTTL = try Self.run("namespace", ["mount", "evil", "/127.0.0.1:1", "soon"] + asAlice)
        #expect(badTTL.status != 0 && badTTL.err.contains("invalid TTL"))
        let noRoots = try Self.run("fortune", ["--server", "fortune", "--credentials", alice, "get"])
        #expect(noRoots.status == 1 && noRoots.err.contains("no namespace roots are configured"), "\(noRoots.err)")

        kill(table.processIdentifier, SIGTERM)
        table.waitUntilExit()
        #expect(table.terminationStatus == 0)
    }
}

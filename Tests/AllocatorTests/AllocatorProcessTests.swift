import Allocator
import Foundation
import FortuneService
import ProcessTestSupport
import Testing
import VDLNaming
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// allocatord on the local backend, with the sample template (fortuned as the service) and a
/// mount table: create, call the instance by its mount name, limits, other users, a restart of
/// allocatord after kill -9 that neither loses nor orphans anything, destroy.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct AllocatorProcessTests {
    static let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../examples/allocator/fortune-deployment.json").standardized.path

    static func allocator(_ address: String, _ credentials: String, _ arguments: [String]) async throws -> TestProcess.Output {
        try await TestProcess.run("allocator", ["--allocator", address, "--credentials", credentials] + arguments)
    }

    /// The pids of an instance's running processes, from its processes.json.
    static func pids(_ state: String, _ handle: String) throws -> [Int32] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(state)/instances/\(handle)/processes.json"))
        let processes = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        return processes.compactMap { ($0["pid"] as? NSNumber)?.int32Value }
    }

    static func alive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    @Test func instancesAreCreatedCalledListedAndSurviveARestart() async throws {
        let directory = NSTemporaryDirectory() + "vdl-allocatord-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let root = try await TestCredentials.root(directory)
        let mtCredentials = try await TestCredentials.member(directory, blessedBy: root, "mt")
        let allocatorCredentials = try await TestCredentials.member(directory, blessedBy: root, "alloc")
        let alice = try await TestCredentials.member(directory, blessedBy: root, "alice")
        let bob = try await TestCredentials.member(directory, blessedBy: root, "bob")
        let noIdentity = try await TestCredentials.root(directory, "stranger")

        let table = try await TestProcess.start("mounttabled", ["--address", "127.0.0.1:0", "--credentials", mtCredentials,
            "--permissions", #"{"Read": {"In": ["root"]}, "Resolve": {"In": ["root"]}, "Write": {"In": ["root:alloc"]}}"#])
        let mt = "/(root:mt)@\(table.address)"
        let state = directory + "/state"
        let flags = ["--address", "127.0.0.1:0", "--credentials", allocatorCredentials, "--namespace-root", mt,
                     "--deployment-template", Self.template, "--identity-pattern", "root:<user>", "--server-name", "fortune",
                     "--server-version", "1.0", "--state-dir", state, "--name", "allocator"]
        var allocatord = try await TestProcess.start("allocatord", flags)

        // By the allocator's name, as alice.
        let byName = ["--namespace-root", mt]
        #expect(try await TestProcess.eventually(10) {
            try await TestProcess.run("allocator", ["--allocator", "allocator", "--credentials", alice, "list"] + byName).err == "No results\n"
        })
        let created = try await TestProcess.run("allocator", ["--allocator", "allocator", "--credentials", alice, "create"] + byName)
        #expect(created.status == 0, "\(created)")
        let handle = created.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(handle.hasPrefix("fortune-") && handle.count == 16)

        // Call the instance through its generated client, by its mount name.
        let principal = try Principal.load(from: alice)
        let namespace = try Namespace(roots: [mt], security: .tls(principal))
        let fortune = Fortune.Fortune.Client(transport: try namespace.transport(for: "fortune/\(handle)"))
        #expect(try await TestProcess.eventually(15) { (try? await fortune.get()) == "Fortune favours the bold." })
        try await fortune.add(fortune: "kept across a restart of the allocator? no: the process restarts")

        let listed = try await Self.allocator(allocatord.address, alice, ["list", "-l"])
        #expect(listed.out.contains(handle) && listed.out.contains("running") && listed.out.contains("fortune/\(handle)")
                && listed.out.contains("root:alloc:\(handle)") && listed.out.contains("1.0"), "\(listed)")
        let json = try await Self.allocator(allocatord.address, alice, ["list", "--json"])
        #expect(json.out.contains("\"handle\" : \"\(handle)\""), "\(json)")

        let second = try await Self.allocator(allocatord.address, alice, ["create"])
        #expect(second.status == 1 && second.err.contains("allocator.LimitExceeded"), "\(second)")
        #expect(try await Self.allocator(allocatord.address, bob, ["list"]).err == "No results\n")
        let bobDestroys = try await Self.allocator(allocatord.address, bob, ["destroy", handle])
        #expect(bobDestroys.status == 1 && bobDestroys.err.contains("allocator.NoExistOrNoAccess"), "\(bobDestroys)")
        let stranger = try await Self.allocator(allocatord.address, noIdentity, ["create"])
        // No blessing the allocator recognizes: refused before the method runs (a recognized name
        // that identifies no user gets NoIdentity, see AllocatorServiceTests).
        #expect(stranger.status == 1 && stranger.err.contains("vdl.NoAccess"), "\(stranger)")

        // kill -9 allocatord: its instance's process is stopped and started again by the next one.
        let before = try Self.pids(state, handle)
        #expect(before.count == 1 && before.allSatisfy(Self.alive))
        allocatord.kill9()
        try await Task.sleep(for: .milliseconds(300))
        #expect(before.allSatisfy(Self.alive), "the instance outlives a killed allocatord until the next one starts")
        allocatord = try await TestProcess.start("allocatord", flags)
        #expect(try await TestProcess.eventually(10) { !before.contains(where: Self.alive) }, "the old process was orphaned")
        let after = try Self.pids(state, handle)
        #expect(after.count == 1 && after != before && after.allSatisfy(Self.alive))
        #expect(try await Self.allocator(allocatord.address, alice, ["list"]).out == "\(handle)\n")
        #expect(try await TestProcess.eventually(15) { (try? await fortune.get()) == "Fortune favours the bold." })

        // Suspend stops the process, resume starts one, destroy removes everything.
        #expect(try await Self.allocator(allocatord.address, alice, ["suspend", handle]).out == "Suspended\n")
        #expect(!after.contains(where: Self.alive))
        #expect(try await Self.allocator(allocatord.address, alice, ["resume", handle]).out == "Resumed\n")
        let resumed = try Self.pids(state, handle)
        #expect(resumed.count == 1 && resumed.allSatisfy(Self.alive))
        #expect(try await Self.allocator(allocatord.address, alice, ["destroy", handle]).out == "Destroyed\n")
        #expect(!resumed.contains(where: Self.alive))
        #expect(!FileManager.default.fileExists(atPath: "\(state)/instances/\(handle)"))
        #expect(try await Self.allocator(allocatord.address, alice, ["list"]).err == "No results\n")
        await namespace.close()
        #expect(try await allocatord.stop() == 0)
        try await table.stop()
    }

    /// The README's main job.
    @Test func theDemoCreatesCallsListsAndDestroysAnInstance() async throws {
        let demo = try await TestProcess.run("allocator-demo", ["--template", Self.template])
        #expect(demo.status == 0, "\(demo)")
        #expect(demo.out.contains("get() -> \"Fortune favours the bold.\"") && demo.out.contains("-> true")
                && demo.out.contains(", running, 1 replica") && demo.out.contains("her instances now: []")
                && demo.out.hasSuffix("Done: everything is stopped and removed.\n"), "\(demo)")
    }

    @Test func aBadTemplateStopsTheAllocatorWithAClearError() async throws {
        let directory = NSTemporaryDirectory() + "vdl-allocatord-bad-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let template = directory + "/bad.json"
        try Data(#"{"kind": "Deployment", "metadata": {"name": "{{.Handle}}"}}"#.utf8).write(to: URL(fileURLWithPath: template))
        let result = try await TestProcess.run("allocatord", ["--deployment-template", template, "--state-dir", directory + "/state"])
        #expect(result.status != 0 && result.err.contains("deployment template \(template): line 1: unknown field .Handle"), "\(result)")
    }
}

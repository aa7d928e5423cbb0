import Foundation
import ProcessTestSupport
import Testing

/// The shipped executables by name: mounttabled, fortuned --name, the fortune, namespace and
/// vrpc commands.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct NamingProcessTests {
    static func run(_ name: String, _ arguments: [String]) async throws -> TestProcess.Output {
        try await TestProcess.run(name, arguments)
    }

    @Test func serversPublishByNameFailOverExpireAndUnmountOnSIGTERM() async throws {
        let directory = NSTemporaryDirectory() + "vdl-naming-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let root = try await TestCredentials.root(directory)
        let mtCredentials = try await TestCredentials.member(directory, blessedBy: root, "mt")
        let fortuneCredentials = try await TestCredentials.member(directory, blessedBy: root, "fortune")
        let alice = try await TestCredentials.member(directory, blessedBy: root, "alice")

        let table = try await TestProcess.start("mounttabled", [
            "--address", "127.0.0.1:0", "--credentials", mtCredentials,
            "--permissions", #"{"Read": {"In": ["root"]}, "Resolve": {"In": ["root"]}, "Write": {"In": ["root:fortune"]}}"#,
        ])
        let mt = "/(root:mt)@\(table.address)"
        let asAlice = ["--namespace-root", mt, "--credentials", alice]
        let fortunedFlags = ["--address", "127.0.0.1:0", "--credentials", fortuneCredentials, "--namespace-root", mt,
                             "--permissions", #"{"Read": {"In": ["root"]}, "Write": {"In": ["root"]}}"#, "--fortune", "shared"]

        // Two servers under one name, each refreshing a 2-second mount.
        let first = try await TestProcess.start("fortuned", fortunedFlags + ["--name", "fortune", "--name-ttl", "2"])
        let second = try await TestProcess.start("fortuned", fortunedFlags + ["--name", "fortune", "--name-ttl", "2"])
        #expect(try await TestProcess.eventually(10) {
            let out = try await Self.run("namespace", ["resolve", "fortune"] + asAlice).out
            return out.contains(first.address) && out.contains(second.address)
        })
        let glob = try await Self.run("namespace", ["glob", "*"] + asAlice)
        #expect(glob.status == 0 && glob.out.hasPrefix("fortune /(root:fortune)@127.0.0.1:"), "\(glob)")

        // Both calls go to the first server mounted.
        #expect(try await Self.run("fortune", ["--server", "fortune", "add", "hello"] + asAlice).status == 0)
        #expect(try await Self.run("fortune", ["--server", "fortune", "has", "hello"] + asAlice).out == "true\n")

        // vrpc by name: the signature, a call, and the server's identity.
        let signature = try await Self.run("vrpc", ["signature", "fortune"] + asAlice)
        #expect(signature.out.contains("type Fortune interface") && signature.out.contains("{access.Write}")
                && signature.out.contains("// Add stores a fortune."), "\(signature)")
        #expect(try await Self.run("vrpc", ["call", "fortune", "Add", #""by vrpc""#] + asAlice).status == 0)
        #expect(try await Self.run("vrpc", ["call", "fortune", "Has", #""by vrpc""#] + asAlice).out == "true\n")
        #expect(try await Self.run("vrpc", ["identify", "fortune"] + asAlice).out.contains("root:fortune"))

        // One killed: calls keep working through the other, which never had "hello".
        first.kill9()
        for _ in 0..<3 {
            let result = try await Self.run("fortune", ["--server", "fortune", "get", "--timeout", "5"] + asAlice)
            #expect(result.out == "shared\n", "\(result.err)")
        }
        #expect(try await Self.run("fortune", ["--server", "fortune", "has", "hello"] + asAlice).out == "false\n")

        // Both killed: the name expires with its TTL.
        second.kill9()
        #expect(try await TestProcess.eventually(10) {
            try await Self.run("namespace", ["resolve", "fortune"] + asAlice).err.contains("services/mounttable.NoSuchName")
        })
        let gone = try await Self.run("fortune", ["--server", "fortune", "get", "--timeout", "2"] + asAlice)
        #expect(gone.status == 1 && gone.err.contains("no such name"), "\(gone.err)")

        // A graceful stop unmounts at once, long before a 60-second TTL.
        let third = try await TestProcess.start("fortuned", fortunedFlags + ["--name", "apps/third", "--name-ttl", "60"])
        #expect(try await TestProcess.eventually(10) { try await Self.run("namespace", ["resolve", "apps/third"] + asAlice).status == 0 })
        #expect(try await third.stop() == 0)
        #expect(try await Self.run("namespace", ["resolve", "apps/third"] + asAlice).err.contains("NoSuchName"))

        // Alice may resolve but not mount.
        let refused = try await Self.run("namespace", ["mount", "evil", "/127.0.0.1:1", "60"] + asAlice)
        #expect(refused.status == 1 && refused.err.contains("vdl.NoAccess"), "\(refused.err)")
        let badTTL = try await Self.run("namespace", ["mount", "evil", "/127.0.0.1:1", "soon"] + asAlice)
        #expect(badTTL.status != 0 && badTTL.err.contains("invalid TTL"))
        let noRoots = try await Self.run("fortune", ["--server", "fortune", "--credentials", alice, "get"])
        #expect(noRoots.status == 1 && noRoots.err.contains("no namespace roots are configured"), "\(noRoots.err)")

        #expect(try await table.stop() == 0)
    }

    /// The service servers publish themselves with --name, and their commands reach them by name.
    @Test func serviceServersArePublishedAndReachedByName() async throws {
        let directory = NSTemporaryDirectory() + "vdl-naming-services-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let root = try await TestCredentials.root(directory)
        let mtCredentials = try await TestCredentials.member(directory, blessedBy: root, "mt")
        let storeCredentials = try await TestCredentials.member(directory, blessedBy: root, "store")
        let ops = try await TestCredentials.member(directory, blessedBy: root, "ops")
        let prod = try await TestCredentials.member(directory, blessedBy: ops, "prod")
        let table = try await TestProcess.start("mounttabled", ["--address", "127.0.0.1:0", "--credentials", mtCredentials])
        let mt = ["--namespace-root", "/(root:mt)@\(table.address)"]

        let store = try await TestProcess.start("reservation-stored", ["--root", directory + "/store", "--credentials", storeCredentials,
                                                                      "--name", "provision/store"] + mt)
        let agent = try await TestProcess.start("cluster_agentd", ["--root-dir", directory + "/agent", "--credentials", prod,
                                                                   "--name", "cluster/agent"] + mt, until: "Secrets:")
        let node = String(repeating: "ab", count: 32)
        #expect(try await TestProcess.eventually(10) {
            try await Self.run("provision", ["list", "--store", "provision/store", "--credentials", ops, "--node", node] + mt).status == 0
        })
        let secret = try await Self.run("cluster_agent", ["--agent", "cluster/agent", "--credentials", ops, "new", "app"] + mt)
        #expect(secret.status == 0 && secret.out.count == 513, "\(secret)")
        #expect(try await Self.run("namespace", ["glob", "*/*", "--credentials", ops] + mt).out
                .split(separator: "\n").map { $0.split(separator: " ")[0] } == ["cluster/agent", "provision/store"])
        try await agent.stop()
        try await store.stop()
        try await table.stop()
    }
}

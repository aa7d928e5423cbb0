import ClusterAgent
import Foundation
import ProcessTestSupport
import Testing
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// The scenario of the cluster agent: an agent blessed root:ops:prod, root:ops makes a secret
/// for foo, a pod agent started with it holds root:ops:foo:x, root:guest is refused, forgotten
/// secrets stop working while blessed replicas keep their blessings, and a restart keeps every
/// unforgotten secret.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ClusterAgentProcessTests {
    static func run(_ name: String, _ arguments: [String]) async throws -> TestProcess.Output {
        try await TestProcess.run(name, arguments)
    }

    /// What the pod agent on `socket` lends: its blessings' names.
    static func podBlessings(_ socket: String) async throws -> [String] {
        let client = RPCClient(target: .unix(path: socket), security: .plaintext)
        defer { Task { await client.close() } }
        let agent = Agent.Agent.Client(transport: client)
        let (wire, _) = try await agent.blessings()
        let blessings = try Blessings(wire: wire)
        let key = try PublicKey(rawRepresentation: try await agent.publicKey())
        #expect(blessings.publicKey == key)
        let message: [UInt8] = Array("sign me".utf8)
        #expect(key.isValidSignature(try await agent.sign(message: message), for: message))
        return blessings.names
    }

    @Test func theAgentBlessesReplicasBehindSecrets() async throws {
        let directory = NSTemporaryDirectory() + "vdl-cluster-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let root = try await TestCredentials.root(directory)
        let ops = try await TestCredentials.member(directory, blessedBy: root, "ops")
        // The agent is root:ops:prod: blessed by ops.
        let prod = try await TestCredentials.member(directory, blessedBy: ops, "prod")
        let guest = try await TestCredentials.member(directory, blessedBy: root, "guest")
        let rootBlessing = try await Self.run("principal", ["get", "default", "--credentials", root]).out.trimmingCharacters(in: .whitespacesAndNewlines)

        let missing = try await Self.run("cluster_agentd", [])
        #expect(missing.status != 0 && missing.err.contains("--root-dir is not set."))

        let store = directory + "/store"
        var agent = try await TestProcess.start("cluster_agentd", ["--root-dir", store, "--credentials", prod], until: "Secrets:")
        #expect(agent.lines.contains("Blessings: root:ops:prod"))
        var address = agent.address

        let foo = try await Self.run("cluster_agent", ["--agent", address, "--credentials", ops, "new", "foo"])
        #expect(foo.status == 0, "\(foo.err)")
        let secret = foo.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.count == 512)
        let refused = try await Self.run("cluster_agent", ["--agent", address, "--credentials", guest, "new", "evil"])
        #expect(refused.status == 1 && refused.err.contains("vdl.NoAccess"), "\(refused.err)")

        let sought = try await Self.run("cluster_agent", ["--agent", address, "seekblessings", secret])
        #expect(sought.status == 0, "\(sought.err)")
        let text = sought.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await Self.run("principal", ["dumpblessings", text]).out.contains("root:ops:foo:x"))

        // A pod agent with the secret (base64, as a Kubernetes Secret volume holds it).
        let secretFile = directory + "/secret"
        try Data(Data(secret.utf8).base64EncodedString().utf8).write(to: URL(fileURLWithPath: secretFile))
        let socket = directory + "/agent.sock"
        let pod = try await TestProcess.start("pod_agentd", [
            "--agent", "/(root:ops:prod)@\(address)", "--secret-key-file", secretFile, "--root-blessings", rootBlessing,
            "--socket-path", socket,
        ], until: "Blessings:")
        #expect(pod.lines.last == "Blessings: root:ops:foo:x")
        #expect(try await Self.podBlessings(socket).allSatisfy { $0.hasPrefix("root:ops:foo:") })
        #expect(try FileManager.default.attributesOfItem(atPath: socket)[.posixPermissions] as? Int == 0o600)
        try await Self.theAgentsPrincipalAuthenticatesTLS(socket: socket, agentAddress: address, opsCredentials: ops)

        // A second secret survives the restart; the forgotten one does not.
        let bar = try await Self.run("cluster_agent", ["--agent", address, "--credentials", ops, "new", "--base64", "bar"])
        let barSecret = String(decoding: try #require(Data(base64Encoded: bar.out.trimmingCharacters(in: .whitespacesAndNewlines))), as: UTF8.self)
        let forgot = try await Self.run("cluster_agent", ["--agent", address, "--credentials", ops, "forget", secret])
        #expect(forgot.out == "Done\n")
        let unknown = try await Self.run("cluster_agent", ["--agent", address, "seekblessings", secret])
        #expect(unknown.status == 1 && unknown.err.contains("vdl.NoExist") && !unknown.err.contains(secret))
        #expect(try await Self.podBlessings(socket).allSatisfy { $0.hasPrefix("root:ops:foo:") })

        try await agent.stop()
        try Data("corrupt".utf8).write(to: URL(fileURLWithPath: store + "/" + SecretStore.entryName(for: "corrupt")))
        let log = directory + "/agent.err"
        agent = try await TestProcess.start("cluster_agentd", ["--root-dir", store, "--credentials", prod], until: "Secrets:", stderr: log)
        #expect(agent.lines.last == "Secrets: 1")
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("skipped \(store)/\(SecretStore.entryName(for: "corrupt"))"))
        address = agent.address
        let afterRestart = try await Self.run("cluster_agent", ["--agent", address, "seekblessings", barSecret])
        #expect(afterRestart.status == 0, "\(afterRestart.err)")
        #expect(try await Self.run("principal", ["dumpblessings", afterRestart.out.trimmingCharacters(in: .whitespacesAndNewlines)]).out.contains("root:ops:bar:x"))
        #expect(try await Self.run("cluster_agent", ["--agent", address, "seekblessings", secret]).status == 1)
        try await pod.stop()
        try await agent.stop()
    }

    /// A process of the pod uses the pod agent's principal as its identity, as a client and as
    /// a server, without the private key: the agent signs its TLS handshakes.
    static func theAgentsPrincipalAuthenticatesTLS(socket: String, agentAddress: String, opsCredentials: String) async throws {
        let replica = try await Principal.fromAgent(socketPath: socket)
        #expect(replica.blessingStore.defaultBlessings.names == ["root:ops:foo:x"])
        #expect(throws: SecurityError.self) { try replica.sign([1, 2, 3]) }

        // As a client: the cluster agent authenticates it and sees its names.
        var configuration = RPCClientConfiguration()
        configuration.maxAttempts = 1
        let client = RPCClient(target: try ServerAddress(parsing: agentAddress), security: .tls(replica), configuration: configuration)
        await #expect { try await Cluster.ClusterAgentAdmin.Client(transport: client).forgetSecret(secret: "x") } throws: {
            ($0 as? VDLError)?.id == StandardErrors.noAccessID && "\($0)".contains("root:ops:foo:x")
        }
        await client.close()

        // As a server: a client pinning root:ops:foo reaches it.
        let server = RPCServer(services: [AgentService(principal: Principal()).registration], security: .tls(replica))
        let address = try await server.bind(to: .tcp(host: "127.0.0.1", port: 0))
        let running = Task { try await server.run() }
        defer { server.beginShutdown(); running.cancel() }
        let ops = try Principal.load(from: opsCredentials)
        let pinned = RPCClient(target: address, security: .tls(ops), serverBlessings: "root:ops:foo", configuration: configuration)
        #expect(try await Agent.Agent.Client(transport: pinned).publicKey().count == 32)
        await pinned.close()
    }

    @Test func anUnclaimedAgentIsClaimedOnce() async throws {
        let directory = NSTemporaryDirectory() + "vdl-claim-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let root = try await TestCredentials.root(directory)
        let ops = try await TestCredentials.member(directory, blessedBy: root, "ops")
        let guest = try await TestCredentials.member(directory, blessedBy: root, "guest")

        let agent = try await TestProcess.start("cluster_agentd", ["--root-dir", directory + "/store", "--claimer", "root:ops"], until: "Secrets:")
        #expect(agent.lines.contains("Blessings: cluster-agent (unclaimed)"))
        let address = agent.address
        let byGuest = try await Self.run("cluster_agent", ["--agent", address, "--credentials", guest, "claim", "agent"])
        #expect(byGuest.status == 1 && byGuest.err.contains("does not match the claimer pattern root:ops"), "\(byGuest.err)")
        let claimed = try await Self.run("cluster_agent", ["--agent", address, "--credentials", ops, "claim", "agent"])
        #expect(claimed.status == 0, "\(claimed.err)")
        let again = try await Self.run("cluster_agent", ["--agent", address, "--credentials", ops, "claim", "again"])
        #expect(again.status == 1 && again.err.contains("already claimed") && again.err.contains("root:ops:agent"), "\(again.err)")
        // Now the agent is root:ops:agent, and ops may administer it under the default policy.
        let pinned = try await Self.run("cluster_agent", ["--agent", "/(root:ops:agent)@\(address)", "--credentials", ops, "new", "app"])
        #expect(pinned.status == 0, "\(pinned.err)")
        try await agent.stop()
    }
}

import ClusterAgent
import Foundation
import Testing
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// The agent in process, over TLS on 127.0.0.1, with explicit Admin permissions.
@Suite struct ClusterAgentServiceTests {
    @Test func grantsMustBeBoundToTheAgentAndPermissionsDecideAdmin() async throws {
        let directory = NSTemporaryDirectory() + "vdl-agent-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let root = try Principal.ephemeral(name: "root")
        let agentPrincipal = try root.delegate("agent")
        let service = try ClusterAgentService(principal: agentPrincipal, rootDirectory: directory)
        let admin = PermissionsAuthorizer(["Admin": Access.AccessList(in: ["root:ops"])])
        let server = RPCServer(services: [service.registration(admin: admin)], security: .tls(agentPrincipal))
        let address = try await server.bind(to: .tcp(host: "127.0.0.1", port: 0))
        let running = Task { try await server.run() }
        defer { server.beginShutdown(); running.cancel() }

        func client(_ principal: Principal) -> Cluster.ClusterAgentAdmin.Client {
            var configuration = RPCClientConfiguration()
            configuration.maxAttempts = 1
            return Cluster.ClusterAgentAdmin.Client(transport: RPCClient(target: address, security: .tls(principal), configuration: configuration))
        }
        let ops = client(try root.delegate("ops"))
        let secret = try await ops.newSecret(options: CallOptions(grant: Grant(extension: "web")))
        #expect(service.secrets.count == 1)

        // No grant, or a grant bound to another key: a bad argument, and nothing is stored.
        await #expect { try await ops.newSecret() } throws: { ($0 as? VDLError)?.id == StandardErrors.badArgumentID }
        let elsewhere = try root.bless(Principal().publicKey, with: root.blessingStore.defaultBlessings, extension: "elsewhere")
        await #expect { try await ops.newSecret(options: CallOptions(grant: Grant(blessings: elsewhere))) } throws: {
            ($0 as? VDLError)?.id == StandardErrors.badArgumentID && "\($0)".contains("not to this server's key")
        }
        #expect(service.secrets.count == 1)

        // A new principal with no blessings gets root:ops:web:x for the secret.
        let replica = Principal()
        let wire = try await client(replica).seekBlessings(secret: secret)
        let blessings = try Blessings(wire: wire)
        #expect(blessings.names == ["root:ops:web:x"] && blessings.publicKey == replica.publicKey)
        await #expect { try await client(Principal()).seekBlessings(secret: "nope") } throws: { ($0 as? VDLError)?.id == StandardErrors.noExistID }

        // Not an admin: refused before anything changes.
        await #expect { try await client(try root.delegate("guest")).forgetSecret(secret: secret) } throws: {
            ($0 as? VDLError)?.id == StandardErrors.noAccessID
        }
        try await ops.forgetSecret(secret: secret)
        await #expect { try await ops.forgetSecret(secret: secret) } throws: { ($0 as? VDLError)?.id == StandardErrors.noExistID }
        // Claim is refused without a claimer.
        await #expect { try await ops.claim(options: CallOptions(grant: Grant(extension: "c"))) } throws: {
            ($0 as? VDLError)?.id == StandardErrors.noAccessID
        }
    }
}

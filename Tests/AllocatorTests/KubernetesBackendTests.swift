import Allocator
import ClusterAgent
import Foundation
import Kubernetes
import KubernetesTestSupport
import Testing
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// The allocator's Kubernetes backend against kmock, with a real cluster agent on 127.0.0.1.
@Suite(.serialized, .enabled(if: Kmock.shouldRun, Kmock.skipReason), .timeLimit(.minutes(2)))
struct KubernetesBackendTests {
    static let template = """
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "{{.Name}}", "labels": {"app": "sb"}},
         "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "sb"}},
          "template": {"metadata": {"labels": {"app": "sb"}}, "spec": {
           "containers": [{"name": "sb", "image": "sb:1", "args": ["--name={{.MountName}}"]}],
           "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "{{.Name}}"}}]}}}}
        """

    let root: Principal
    let directory = NSTemporaryDirectory() + "vdl-k8s-agent-\(UInt32.random(in: 0...UInt32.max))"

    init() throws { root = try Principal.ephemeral(name: "root") }

    /// Runs `body` with a backend on kmock and the cluster agent's secret store.
    func withBackend(admin: any Authorizer = AllowEveryoneAuthorizer(),
                     _ body: (KubernetesBackend, KubernetesClient, String, SecretStore) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let agentPrincipal = try root.delegate("agent")
        let agent = try ClusterAgentService(principal: agentPrincipal, rootDirectory: directory)
        let server = RPCServer(services: [agent.registration(admin: admin)], security: .tls(agentPrincipal))
        let address = try await server.bind(to: .tcp(host: "127.0.0.1", port: 0))
        let running = Task { try await server.run() }
        defer { server.beginShutdown(); running.cancel() }
        let allocator = try root.delegate("alloc")
        var configuration = RPCClientConfiguration()
        configuration.maxAttempts = 1
        let link = KubernetesBackend.ClusterAgentLink(
            client: Cluster.ClusterAgentAdmin.Client(transport: RPCClient(target: address, security: .tls(allocator), configuration: configuration)),
            address: "/(root:agent)@\(address)", rootBlessings: try root.blessingStore.defaultBlessings.base64URLEncoded(),
            podAgentImage: "swift-vdl/pod-agent:1")
        try await Kmock.withClient { client in
            let namespace = client.configuration.namespace
            let backend = KubernetesBackend(client: client, namespace: namespace, serverName: "sb", diskSize: "2Gi",
                                            principal: allocator, clusterAgent: link)
            try await body(backend, client, namespace, agent.secrets)
        }
    }

    func record(_ handle: String, owner: String = "owner-a") -> InstanceRecord {
        InstanceRecord(handle: handle, ownerHash: owner, mountName: "sb/\(handle)", blessingNames: ["root:alloc:\(handle):x"],
                       creationTime: Date(), replicas: 1, version: "3", state: .starting)
    }

    func rendered(_ handle: String) throws -> RenderedDeployment {
        try DeploymentTemplate(text: Self.template, path: "sb.json").render([.Name: handle, .MountName: "sb/\(handle)"])
    }

    @Test func createMakesTheClaimTheSecretAndTheDeploymentAndDestroyRemovesThem() async throws {
        try await withBackend { backend, client, namespace, secrets in
            try await backend.create(record("sb-00000001"), deployment: try rendered("sb-00000001"))
            let claim = try await client.persistentVolumeClaims(namespace: namespace).get("sb-00000001")
            #expect(claim.storageRequest == "2Gi" && claim.labels["ownerHash"] == "owner-a")
            let deployment = try await client.deployments(namespace: namespace).get("sb-00000001")
            #expect(deployment.labels == ["app": "sb", "ownerHash": "owner-a", "vdl.allocator/server": "sb"])
            #expect(deployment.annotations["vdl.allocator/mount-name"] == "sb/sb-00000001")
            #expect(deployment.containers.map(\.name) == ["sb", "pod-agent"])
            let secretName = try #require(deployment.annotations["vdl.allocator/secret"])
            #expect(secretName.hasPrefix("secret-") && secretName.count == 39)
            let secret = try await client.secrets(namespace: namespace).get(secretName)
            let value = try #require(secret.string(forKey: "secret"))
            #expect(secrets.blessings(for: value)?.names == ["root:alloc:sb-00000001"])

            let listed = try await backend.instances(owner: "owner-a")
            #expect(listed.map(\.handle) == ["sb-00000001"] && listed.first?.mountName == "sb/sb-00000001" && listed.first?.version == "3")
            #expect(try await backend.instances(owner: "owner-b").isEmpty)

            #expect(try await backend.destroy("sb-00000001"))
            #expect(try await client.deployments(namespace: namespace).getIfPresent("sb-00000001") == nil)
            #expect(try await client.secrets(namespace: namespace).getIfPresent(secretName) == nil)
            #expect(try await client.persistentVolumeClaims(namespace: namespace).getIfPresent("sb-00000001") == nil)
            #expect(secrets.count == 0)
            #expect(try await !backend.destroy("sb-00000001"))
        }
    }

    @Test func aFailureAtAnyStepLeavesNothingBehind() async throws {
        // Step 1: the claim's name is taken.
        try await withBackend { backend, client, namespace, secrets in
            _ = try await client.persistentVolumeClaims(namespace: namespace).create(PersistentVolumeClaim(json: [
                "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": ["name": "sb-00000002"]]))
            await #expect(throws: AllocatorError.self) { try await backend.create(record("sb-00000002"), deployment: try rendered("sb-00000002")) }
            let kept = try await client.persistentVolumeClaims(namespace: namespace).getIfPresent("sb-00000002")
            #expect(kept != nil, "someone else's claim is kept")
            let leftSecrets = try await client.secrets(namespace: namespace).list().items
            #expect(leftSecrets.isEmpty && secrets.count == 0)
        }
        // Step 2: the cluster agent refuses the secret.
        try await withBackend(admin: CustomAuthorizer { _ in throw SecurityError.noAccess("refused for the test") }) { backend, client, namespace, secrets in
            await #expect(throws: AllocatorError.self) { try await backend.create(record("sb-00000003"), deployment: try rendered("sb-00000003")) }
            let claims = try await client.persistentVolumeClaims(namespace: namespace).list().items
            let leftSecrets = try await client.secrets(namespace: namespace).list().items
            #expect(claims.isEmpty && leftSecrets.isEmpty && secrets.count == 0)
        }
        // Step 3: the Deployment's name is taken.
        try await withBackend { backend, client, namespace, secrets in
            _ = try await client.deployments(namespace: namespace).create(Deployment(json: [
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "sb-00000004"]]))
            await #expect(throws: AllocatorError.self) { try await backend.create(record("sb-00000004"), deployment: try rendered("sb-00000004")) }
            #expect(try await client.persistentVolumeClaims(namespace: namespace).list().items.isEmpty)
            #expect(try await client.secrets(namespace: namespace).list().items.isEmpty)
            #expect(secrets.count == 0, "the cluster-agent secret is forgotten")
        }
    }
}

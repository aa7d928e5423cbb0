import Foundation
import Kubernetes
import KubernetesTestSupport
import Testing
import VKube

/// The cluster agent's lifecycle: its Deployment and Service on kmock, and claiming a real
/// unclaimed `cluster_agentd` on 127.0.0.1.
@Suite(.serialized, .enabled(if: Kmock.shouldRun, Kmock.skipReason), .timeLimit(.minutes(3)))
struct VKubeClusterAgentTests {
    @Test func startClaimUpdateStop() async throws {
        try await VKubeFixture.with(agent: .unclaimed) { fixture in
            let deployments = fixture.client.deployments(namespace: "agents")
            let services = fixture.client.services(namespace: "agents")
            let started = try fixture.vkube(["start-cluster-agent"])
            #expect(started.status == 0, "\(started.err)")
            #expect(started.out.contains("Created deployment cluster-agent and service cluster-agent in namespace agents"))
            let agent = try await deployments.get("cluster-agent")
            let container = try #require(agent.containers.first)
            #expect(container.name == "cluster-agent" && container.image == "registry.test/cluster-agent:1")
            #expect(container.args == [
                "--root-dir=/data", "--address=0.0.0.0:8193", #"--permissions={"Admin":{"In":["root:ops"]}}"#, "--claimer=root:ops",
            ])
            #expect(container.json[path: "resources", "requests", "cpu"]?.stringValue == "100m")
            #expect(agent.volumes.first?.json[path: "persistentVolumeClaim", "claimName"]?.stringValue == "agent-data")
            let service = try await services.get("cluster-agent")
            #expect(service.type == "LoadBalancer")
            #expect(service.json[path: "spec", "loadBalancerIP"]?.stringValue == "203.0.113.7")
            #expect(service.selector == ["app": "cluster-agent"])
            #expect(service.ports.first?["port"]?.intValue == 8193)

            let again = try fixture.vkube(["start-cluster-agent"])
            #expect(again.status == 1)
            #expect(again.err.contains("the cluster agent is already running: deployment cluster-agent exists in namespace agents"), "\(again.err)")

            // Claiming: the agent becomes root:ops:prod, once.
            let byGuest = try fixture.vkube(["claim-cluster-agent"], credentials: fixture.guest)
            #expect(byGuest.status == 1 && byGuest.err.contains("does not extend the caller's blessings (root:guest)"), "\(byGuest.err)")
            let claimed = try fixture.vkube(["claim-cluster-agent"])
            #expect(claimed.status == 0, "\(claimed.err)")
            #expect(claimed.out.contains("Claimed the cluster agent as root:ops:prod"))
            let claimedAgain = try fixture.vkube(["claim-cluster-agent"])
            #expect(claimedAgain.status == 1 && claimedAgain.err.contains("already claimed"), "\(claimedAgain.err)")
            // The claimed agent serves vkube, pinned to its new blessing.
            let file = try fixture.deploymentFile("web", image: "registry.test/web:1")
            let app = try fixture.vkube(["--cluster-agent-address", "/(root:ops:prod)@\(fixture.agentAddress)", "start", "-f", file, "foo"])
            #expect(app.status == 0, "\(app.err)")

            // A new image: update-config replaces the tag, update-cluster-agent rolls it out.
            let configured = try VKubeFixture.run("vkube", ["update-config", "--config", fixture.config, "--cluster-agent-image", ":2"])
            #expect(configured.status == 0, "\(configured.err)")
            let updated = try fixture.vkube(["update-cluster-agent"])
            #expect(updated.status == 0, "\(updated.err)")
            #expect(try await deployments.get("cluster-agent").containers.first?.image == "registry.test/cluster-agent:2")

            let stopped = try fixture.vkube(["stop-cluster-agent"])
            #expect(stopped.status == 0, "\(stopped.err)")
            #expect(try await deployments.getIfPresent("cluster-agent") == nil)
            #expect(try await services.getIfPresent("cluster-agent") == nil)
            let stoppedAgain = try fixture.vkube(["stop-cluster-agent"])
            #expect(stoppedAgain.status == 1)
            #expect(stoppedAgain.err.contains("the cluster agent is not running: there is no deployment cluster-agent in namespace agents"))
        }
    }

    @Test func anAgentStartedWithCredentialsNeedsNoClaim() async throws {
        try await VKubeFixture.with(agent: .none) { fixture in
            let notCredentials = try fixture.vkube(["start-cluster-agent", "--agent-credentials", fixture.directory])
            #expect(notCredentials.status == 1 && notCredentials.err.contains("the credentials directory \(fixture.directory) holds a directory"), "\(notCredentials.err)")
            #expect(try await fixture.client.deployments(namespace: "agents").getIfPresent("cluster-agent") == nil)

            let started = try fixture.vkube(["start-cluster-agent", "--agent-credentials", fixture.ops])
            #expect(started.status == 0, "\(started.err)")
            #expect(!started.out.contains("Claim it"))
            let secret = try await fixture.client.secrets(namespace: "agents").get("cluster-agent-credentials")
            let files = try FileManager.default.contentsOfDirectory(atPath: fixture.ops)
            #expect(Set(secret.data.keys) == Set(files) && files.contains("privatekey.pem"))
            for file in files {
                #expect(secret.data[file] == Array(try Data(contentsOf: URL(fileURLWithPath: fixture.ops + "/" + file))))
            }
            let agent = try await fixture.client.deployments(namespace: "agents").get("cluster-agent")
            let container = try #require(agent.containers.first)
            #expect(container.args.contains("--credentials=/credentials") && !container.args.contains { $0.hasPrefix("--claimer") })
            let volume = try #require(agent.volumes.first { $0.name == "credentials" })
            #expect(volume.json[path: "secret", "secretName"]?.stringValue == "cluster-agent-credentials")
            #expect(volume.json[path: "secret", "defaultMode"]?.intValue == 0o400)

            let stopped = try fixture.vkube(["stop-cluster-agent"])
            #expect(stopped.status == 0 && stopped.out.contains("Deleted secret cluster-agent-credentials"), "\(stopped.err)")
            #expect(try await fixture.client.secrets(namespace: "agents").getIfPresent("cluster-agent-credentials") == nil)
        }
    }

    @Test func anInternalAgentHasAClusterIPService() async throws {
        try await VKubeFixture.with(agent: .none) { fixture in
            try #"{"clusterAgent": {"image": "a:1", "admin": "root:ops", "internalOnly": true, "port": 9000}}"#
                .write(toFile: fixture.config, atomically: true, encoding: .utf8)
            let started = try fixture.vkube(["start-cluster-agent"])
            #expect(started.status == 0, "\(started.err)")
            let service = try await fixture.client.services().get("cluster-agent")
            #expect(service.type == "ClusterIP" && service.json[path: "spec", "loadBalancerIP"] == nil)
            #expect(service.ports.first?["port"]?.intValue == 9000)
            let agent = try await fixture.client.deployments().get("cluster-agent")
            #expect(agent.volumes.first?.json["emptyDir"] != nil)
            // Without --no-headers, the cluster comes first.
            let stopped = try VKubeFixture.run("vkube", ["stop-cluster-agent", "--config", fixture.config, "--kubeconfig", fixture.kubeconfig])
            #expect(stopped.status == 0, "\(stopped.err)")
            #expect(stopped.out.hasPrefix("Cluster: http://127.0.0.1:"), "\(stopped.out)")
            #expect(stopped.out.contains("(namespace \(fixture.namespace))"), "\(stopped.out)")
        }
    }
}

import Foundation
import Kubernetes
import KubernetesTestSupport
import Testing
import VKube

/// `vkube start`, `update` and `stop` against kmock and a real cluster agent.
@Suite(.serialized, .enabled(if: Kmock.shouldRun, Kmock.skipReason), .timeLimit(.minutes(3)))
struct VKubeAppTests {
    /// The cluster-agent secret in the Kubernetes Secret `name`.
    static func secretValue(_ fixture: VKubeFixture, _ name: String) async throws -> String {
        let secret = try await fixture.client.secrets().get(name)
        return try #require(secret.string(forKey: PodAgentInjection.secretKey))
    }

    @Test func startDuplicateUpdateStop() async throws {
        try await VKubeFixture.with { fixture in
            let file = try fixture.deploymentFile("web", image: "registry.test/web:1")
            let started = try fixture.vkube(["start", "-f", file, "foo"])
            #expect(started.status == 0, "\(started.err)")
            let deployments = fixture.client.deployments()
            let web = try await deployments.get("web")
            let secretName = try #require(web.annotations[AppDeployer.secretAnnotation])
            #expect(secretName.count == 39 && secretName.hasPrefix("secret-"))
            #expect(started.out.contains("Created secret \(secretName) and deployment web in namespace \(fixture.namespace)"))
            // The pod agent is injected, pointing at the agent's Service, pinned.
            let podAgent = try #require(web.containers.first { $0.name == "pod-agent" })
            #expect(podAgent.image == "registry.test/pod-agent:1")
            #expect(podAgent.args.contains("--agent=/(root:ops:prod)@cluster-agent.agents.svc:8193"))
            #expect(web.containers.first { $0.name == "main" }?.environment["VDL_AGENT_PATH"] == PodAgentInjection.socketPath)
            #expect(web.volumes.compactMap(\.name).sorted() == ["agent-logs", "agent-secret", "agent-socket"])
            // The secret stands for root:ops:foo.
            let secret = try await Self.secretValue(fixture, secretName)
            #expect(secret.count == 512)
            let sought = try fixture.seekBlessings(secret)
            #expect(sought.ok && sought.text.contains("root:ops:foo:x"), "\(sought.text)")

            // A second start fails and leaves nothing behind.
            let again = try fixture.vkube(["start", "-f", file, "foo"])
            #expect(again.status == 1)
            #expect(again.err.contains("app web is already running: deployment web exists in namespace \(fixture.namespace)"), "\(again.err)")
            #expect(try await fixture.client.secrets().list().items.count == 1)

            // Update without an extension: the same secret, the new image.
            let v2 = try fixture.deploymentFile("web", image: "registry.test/web:2")
            let updated = try fixture.vkube(["update", "-f", v2])
            #expect(updated.status == 0, "\(updated.err)")
            var current = try await deployments.get("web")
            #expect(current.annotations[AppDeployer.secretAnnotation] == secretName)
            #expect(current.containers.first { $0.name == "main" }?.image == "registry.test/web:2")
            #expect(current.containers.filter { $0.name == "pod-agent" }.count == 1)
            #expect(try fixture.seekBlessings(secret).ok)

            // Update with an extension: a new secret for root:ops:bar; the old one is forgotten.
            let v3 = try fixture.deploymentFile("web", image: "registry.test/web:3")
            let renewed = try fixture.vkube(["update", "-f", v3, "bar"])
            #expect(renewed.status == 0, "\(renewed.err)")
            #expect(renewed.out.contains("Forgot the previous secret and deleted secret \(secretName)"))
            current = try await deployments.get("web")
            let newSecretName = try #require(current.annotations[AppDeployer.secretAnnotation])
            #expect(newSecretName != secretName)
            #expect(try await fixture.client.secrets().getIfPresent(secretName) == nil)
            let newSecret = try await Self.secretValue(fixture, newSecretName)
            #expect(try fixture.seekBlessings(newSecret).text.contains("root:ops:bar:x"))
            let forgotten = try fixture.seekBlessings(secret)
            #expect(!forgotten.ok && forgotten.text.contains("vdl.NoExist"), "\(forgotten.text)")
            #expect(current.volumes.first { $0.name == "agent-secret" }?.json[path: "secret", "secretName"]?.stringValue == newSecretName)

            // Stop: the Deployment, the secret and the Secret go; a second stop fails.
            let stopped = try fixture.vkube(["stop", "-f", v3])
            #expect(stopped.status == 0, "\(stopped.err)")
            #expect(try await deployments.getIfPresent("web") == nil)
            #expect(try await fixture.client.secrets().list().items.isEmpty)
            #expect(!(try fixture.seekBlessings(newSecret).ok))
            let stoppedAgain = try fixture.vkube(["stop", "-f", v3])
            #expect(stoppedAgain.status == 1)
            #expect(stoppedAgain.err.contains("app web is not running: there is no deployment web in namespace \(fixture.namespace)"), "\(stoppedAgain.err)")
        }
    }

    @Test func badInputIsRefusedWithoutLeavingAnything() async throws {
        try await VKubeFixture.with { fixture in
            // Not a Deployment.
            let service = try fixture.write("service.json", #"{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}}"#)
            let notDeployment = try fixture.vkube(["start", "-f", service, "foo"])
            #expect(notDeployment.status == 1)
            #expect(notDeployment.err.contains("the deployment file \(service) does not hold a Deployment (kind is \"Service\")"), "\(notDeployment.err)")
            let garbage = try fixture.write("garbage.json", "{ not json")
            #expect(try fixture.vkube(["start", "-f", garbage, "foo"]).err.contains("the deployment file \(garbage) is not JSON"))
            let missing = try fixture.vkube(["start", "-f", fixture.directory + "/absent.json", "foo"])
            #expect(missing.status == 1 && missing.err.contains("cannot read the deployment file \(fixture.directory)/absent.json"), "\(missing.err)")

            // Missing -f.
            let noFile = try fixture.vkube(["start", "foo"])
            #expect(noFile.status != 0 && noFile.err.contains("Missing expected argument") && noFile.err.contains("file"), "\(noFile.err)")
            let noFileStop = try fixture.vkube(["stop"])
            #expect(noFileStop.status != 0 && noFileStop.err.contains("--file"), "\(noFileStop.err)")

            let badTimeout = try fixture.vkube(["start", "-f", "web.json", "foo", "--wait", "--wait-timeout", "5q"])
            #expect(badTimeout.status != 0 && badTimeout.err.contains("--wait-timeout 5q is not a duration"), "\(badTimeout.err)")

            // A corrupted configuration file.
            let file = try fixture.deploymentFile("web", image: "registry.test/web:1")
            try "{\"clusterAgent\": {\"port\": \"many\"".write(toFile: fixture.config, atomically: true, encoding: .utf8)
            let corrupted = try fixture.vkube(["start", "-f", file, "foo"])
            #expect(corrupted.status == 1 && corrupted.err.contains("the vkube configuration \(fixture.config) is invalid: not JSON"), "\(corrupted.err)")
            try #"{"clusterAgent": {"port": "many"}}"#.write(toFile: fixture.config, atomically: true, encoding: .utf8)
            let wrongField = try fixture.vkube(["start", "-f", file, "foo"])
            #expect(wrongField.err.contains("field clusterAgent.port: expected Int"), "\(wrongField.err)")
            try #"{"clusterAgent": {"blessing": "root:ops:prod"}}"#.write(toFile: fixture.config, atomically: true, encoding: .utf8)
            let noImage = try fixture.vkube(["start", "-f", file, "foo"])
            #expect(noImage.err.contains("podAgent.image is not set in the vkube configuration \(fixture.config)"), "\(noImage.err)")
            try #"{"clusterAgent": {"blessing": "root:ops:prod"}, "podAgent": {"image": "registry.test/pod-agent:1"}}"#
                .write(toFile: fixture.config, atomically: true, encoding: .utf8)

            // A Deployment that cannot take the pod agent: refused before any secret is made.
            let taken = try fixture.write("taken.json", #"""
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "taken"},
                 "spec": {"template": {"spec": {"containers": [{"name": "main", "image": "x:1"}],
                                                "volumes": [{"name": "agent-socket", "emptyDir": {}}]}}}}
                """#)
            let cannotInject = try fixture.vkube(["start", "-f", taken, "foo"])
            #expect(cannotInject.status == 1)
            #expect(cannotInject.err.contains("deployment taken: cannot add the pod agent: it already has a volume named agent-socket"), "\(cannotInject.err)")
            #expect(try fixture.storedSecrets().isEmpty)

            // A grant with blessings of another key: the agent is never given anything.
            let wrongKey = try fixture.vkube(["start", "-f", file, "foo", "--base-blessings", fixture.guest + ".blessing"])
            #expect(wrongKey.status == 1)
            #expect(wrongKey.err.contains("failed NewSecret") && wrongKey.err.contains("cannot grant foo"), "\(wrongKey.err)")
            // A caller the agent refuses.
            let refused = try fixture.vkube(["start", "-f", file, "foo"], credentials: fixture.guest)
            #expect(refused.status == 1 && refused.err.contains("vdl.NoAccess"), "\(refused.err)")
            #expect(try await fixture.client.deployments().list().items.isEmpty)
            #expect(try await fixture.client.secrets().list().items.isEmpty)

            // A Secret that lost its key: stop names it and keeps it.
            #expect(try fixture.vkube(["start", "-f", file, "foo"]).status == 0)
            let secretName = try #require(try await fixture.client.deployments().get("web").annotations[AppDeployer.secretAnnotation])
            _ = try await fixture.client.secrets().patch(secretName, ["data": ["secret": .null]])
            let broken = try fixture.vkube(["stop", "-f", file])
            #expect(broken.status == 1)
            #expect(broken.err.contains("deployment web is deleted, but its secret is not retired: secret \(secretName) in namespace \(fixture.namespace) has no key \"secret\""), "\(broken.err)")
            #expect(try await fixture.client.secrets().getIfPresent(secretName) != nil)

            // Without blessings: no secret, no pod agent.
            let plain = try fixture.deploymentFile("plain", image: "registry.test/plain:1")
            let noBlessings = try fixture.vkube(["start", "-f", plain, "--noblessings"])
            #expect(noBlessings.status == 0, "\(noBlessings.err)")
            let created = try await fixture.client.deployments().get("plain")
            #expect(created.containers.map(\.name) == ["main"] && created.annotations[AppDeployer.secretAnnotation] == nil)
            #expect(try fixture.vkube(["stop", "-f", plain]).status == 0)
        }
    }

    @Test func aSecretIsForgottenWhenTheStepsAfterItFail() async throws {
        // The strict stand-in serves Deployments only: creating the Secret fails (404).
        try await VKubeFixture.with(server: "strict_api_server.py") { fixture in
            let file = try fixture.deploymentFile("web", image: "registry.test/web:1")
            let failed = try fixture.vkube(["start", "-f", file, "foo"])
            #expect(failed.status == 1)
            #expect(failed.err.contains("cannot create secret secret-") && failed.err.contains("404"), "\(failed.err)")
            #expect(try fixture.storedSecrets().isEmpty)
            #expect(try await fixture.client.deployments().getIfPresent("web") == nil)
            // An invalid Deployment (422): the server's causes reach the user.
            let invalid = try fixture.write("invalid.json", try String(contentsOfFile: file, encoding: .utf8)
                .replacingOccurrences(of: #""replicas": 2"#, with: #""replicas": -1"#))
            let refused = try fixture.vkube(["start", "-f", invalid, "--noblessings"])
            #expect(refused.status == 1 && refused.err.contains("spec.replicas"), "\(refused.err)")
        }
    }

    @Test func appsWithoutBlessingsOnARealServersSemantics() async throws {
        // 201 with uid, resourceVersion and generation; update is a PUT of the read version.
        try await VKubeFixture.with(agent: .none, server: "strict_api_server.py") { fixture in
            let file = try fixture.deploymentFile("web", image: "registry.test/web:1")
            #expect(try fixture.vkube(["start", "-f", file, "--noblessings"]).status == 0)
            let deployments = fixture.client.deployments()
            _ = try await deployments.patch("web", ["metadata": ["annotations": [Deployment.revisionAnnotation: "1"]]])
            let v2 = try fixture.deploymentFile("web", image: "registry.test/web:2")
            let updated = try fixture.vkube(["update", "-f", v2])
            #expect(updated.status == 0, "\(updated.err)")
            let web = try await deployments.get("web")
            #expect(web.containers.first?.image == "registry.test/web:2" && web.generation == 2)
            #expect(web.revision == 1)
            #expect(try fixture.vkube(["stop", "-f", v2]).status == 0)
            #expect(try await deployments.getIfPresent("web") == nil)
        }
    }

    @Test func waitPrintsProgressAndUpdateRollsBackWhenStalled() async throws {
        try await VKubeFixture.with(agent: .none) { fixture in
            let deployments = fixture.client.deployments()
            let file = try fixture.deploymentFile("web", image: "registry.test/web:2")
            let arguments = ["start", "-f", file, "--noblessings", "--wait", "--wait-timeout", "20s"]
            let starting = Task { try await fixture.vkubeInBackground(arguments) }
            // The rollout completes once the "controller" (this test) writes the status.
            for _ in 0..<200 {
                guard try await deployments.getIfPresent("web") == nil else { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            try await Task.sleep(for: .milliseconds(300))
            _ = try await deployments.patch("web", ["status": ["replicas": 2, "updatedReplicas": 2, "readyReplicas": 2, "availableReplicas": 2]])
            let started = try await starting.value
            #expect(started.status == 0, "\(started.err)")
            #expect(started.out.contains("Desired: 2 Current: 0 Up-to-date: 0 Available: 0"), "\(started.out)")
            #expect(started.out.contains("Desired: 2 Current: 2 Up-to-date: 2 Available: 2"), "\(started.out)")

            // Revisions 1 and 2 as the controller would have made them.
            let web = try await deployments.patch("web", ["metadata": ["annotations": [Deployment.revisionAnnotation: "2"]]])
            for revision in 1...2 {
                try await Self.replicaSet(fixture, owner: web, revision: revision)
            }
            let v3 = try fixture.deploymentFile("web", image: "registry.test/web:3", file: "web-v3.json")
            let updating = Task { try await fixture.vkubeInBackground(["update", "-f", v3, "--wait", "--wait-timeout", "5s"]) }
            // The controller makes revision 3, which never becomes available.
            for _ in 0..<200 {
                guard try await deployments.get("web").containers.first?.image != "registry.test/web:3" else { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            try await Self.replicaSet(fixture, owner: web, revision: 3)
            _ = try await deployments.patch("web", ["metadata": ["annotations": [Deployment.revisionAnnotation: "3"]]])
            let updated = try await updating.value
            #expect(updated.status == 1)
            #expect(updated.err.contains("made no progress") && updated.err.contains("rolled deployment web back to its previous revision"), "\(updated.err)")
            #expect(try await deployments.get("web").containers.first?.image == "registry.test/web:2")
        }
    }

    @Test func aStalledUpdateWithANewSecretKeepsTheOldOne() async throws {
        try await VKubeFixture.with { fixture in
            let deployments = fixture.client.deployments()
            let file = try fixture.deploymentFile("web", image: "registry.test/web:1")
            #expect(try fixture.vkube(["start", "-f", file, "foo"]).status == 0)
            var web = try await deployments.patch("web", ["metadata": ["annotations": [Deployment.revisionAnnotation: "1"]]])
            let oldSecretName = try #require(web.annotations[AppDeployer.secretAnnotation])
            try await Self.replicaSet(fixture, owner: web, revision: 1, template: try #require(web.template))

            let v2 = try fixture.deploymentFile("web", image: "registry.test/web:2")
            let updating = Task { try await fixture.vkubeInBackground(["update", "-f", v2, "bar", "--wait", "--wait-timeout", "5s"]) }
            for _ in 0..<200 {
                guard try await deployments.get("web").annotations[AppDeployer.secretAnnotation] == oldSecretName else { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            web = try await deployments.get("web")
            try await Self.replicaSet(fixture, owner: web, revision: 2, template: try #require(web.template))
            _ = try await deployments.patch("web", ["metadata": ["annotations": [Deployment.revisionAnnotation: "2"]]])
            let updated = try await updating.value
            #expect(updated.status == 1 && updated.err.contains("rolled deployment web back"), "\(updated.err)")

            // Back to the old template, the old Secret and the old secret; the new ones are gone.
            web = try await deployments.get("web")
            #expect(web.annotations[AppDeployer.secretAnnotation] == oldSecretName)
            #expect(web.volumes.first { $0.name == "agent-secret" }?.json[path: "secret", "secretName"]?.stringValue == oldSecretName)
            #expect(try await fixture.client.secrets().list().items.compactMap(\.name) == [oldSecretName])
            #expect(try fixture.storedSecrets().count == 1)
            #expect(try fixture.seekBlessings(try await Self.secretValue(fixture, oldSecretName)).text.contains("root:ops:foo:x"))

            // Without an earlier revision there is no rollback: the new secret is in use and
            // stays, and so does the old one.
            try await fixture.client.replicaSets().delete("web-r1")
            let v3 = try fixture.deploymentFile("web", image: "registry.test/web:3")
            let stuck = try fixture.vkube(["update", "-f", v3, "baz", "--wait", "--wait-timeout", "1s"])
            #expect(stuck.status == 1 && stuck.err.contains("and it cannot be rolled back"), "\(stuck.err)")
            #expect(stuck.out.contains("the previous one (\(oldSecretName)) is kept"), "\(stuck.out)")
            let newSecretName = try #require(try await deployments.get("web").annotations[AppDeployer.secretAnnotation])
            #expect(newSecretName != oldSecretName)
            #expect(Set(try await fixture.client.secrets().list().items.compactMap(\.name)) == [oldSecretName, newSecretName])
            #expect(try fixture.storedSecrets().count == 2)
        }
    }

    static func replicaSet(_ fixture: VKubeFixture, owner: Deployment, revision: Int, template: JSONValue) async throws {
        var replicaSet = ReplicaSet(name: "web-r\(revision)")
        replicaSet.labels = ["app": "web"]
        replicaSet.annotations = [Deployment.revisionAnnotation: String(revision)]
        replicaSet.ownerReferences = [OwnerReference(controller: owner)]
        replicaSet.json["spec"] = ["replicas": 0, "template": template]
        _ = try await fixture.client.replicaSets().create(replicaSet)
    }

    static func replicaSet(_ fixture: VKubeFixture, owner: Deployment, revision: Int) async throws {
        var replicaSet = ReplicaSet(name: "web-r\(revision)")
        replicaSet.labels = ["app": "web", "pod-template-hash": "h\(revision)"]
        replicaSet.annotations = [Deployment.revisionAnnotation: String(revision)]
        replicaSet.ownerReferences = [OwnerReference(controller: owner)]
        replicaSet.json["spec"] = [
            "replicas": 0,
            "template": [
                "metadata": ["labels": ["app": "web", "pod-template-hash": .string("h\(revision)")]],
                "spec": ["containers": [["name": "main", "image": .string("registry.test/web:\(revision)")]]],
            ],
        ]
        _ = try await fixture.client.replicaSets().create(replicaSet)
    }
}

import Kubernetes
import KubernetesTestSupport
import Testing

/// kmock runs no controllers, so these tests write the status and ReplicaSets a deployment
/// controller would.
@Suite("rollouts against kmock", .enabled(if: Kmock.shouldRun, Kmock.skipReason), .timeLimit(.minutes(2)))
struct KmockRolloutTests {
    @Test func rolloutProgressYieldsUntilComplete() async throws {
        try await Kmock.withClient { client in
            let deployments = client.deployments()
            _ = try await deployments.create(KmockDeploymentTests.deployment("web", app: "web", replicas: 3))

            let steps: [JSONValue] = [
                ["replicas": 3, "updatedReplicas": 1, "availableReplicas": 0],
                ["replicas": 4, "updatedReplicas": 3, "availableReplicas": 2],
                ["replicas": 3, "updatedReplicas": 3, "availableReplicas": 3],
            ]
            var seen: [RolloutProgress] = []
            for try await progress in deployments.rolloutProgress(
                "web", pollInterval: .milliseconds(50), stallTimeout: .seconds(20))
            {
                seen.append(progress)
                // Play the controller: move to the next status after each observed one.
                if seen.count <= steps.count {
                    _ = try await deployments.patch("web", ["status": steps[seen.count - 1]])
                }
                if seen.count > 10 { break }
            }
            #expect(
                seen.map(\.description) == [
                    "Desired: 3 Current: 0 Up-to-date: 0 Available: 0",
                    "Desired: 3 Current: 3 Up-to-date: 1 Available: 0",
                    "Desired: 3 Current: 4 Up-to-date: 3 Available: 2",
                    "Desired: 3 Current: 3 Up-to-date: 3 Available: 3",
                ])
            #expect(seen.last?.isComplete == true)
            #expect(seen.dropLast().allSatisfy { !$0.isComplete })
        }
    }

    @Test func waitForRolloutStallsAndFails() async throws {
        try await Kmock.withClient { client in
            let deployments = client.deployments()
            _ = try await deployments.create(KmockDeploymentTests.deployment("web", app: "web", replicas: 2))

            let stalled = await #expect(throws: RolloutError.self) {
                try await deployments.waitForRollout(
                    "web", pollInterval: .milliseconds(50), stallTimeout: .milliseconds(400))
            }
            guard case .stalled(let progress, _) = stalled else {
                Issue.record("expected a stall, got \(String(describing: stalled))")
                return
            }
            #expect(progress.upToDate == 0)

            _ = try await deployments.patch(
                "web",
                [
                    "status": [
                        "conditions": [
                            [
                                "type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded",
                                "message": "ReplicaSet \"web-1\" has timed out progressing.",
                            ]
                        ]
                    ]
                ])
            let failed = await #expect(throws: RolloutError.self) {
                try await deployments.waitForRollout("web", pollInterval: .milliseconds(50), stallTimeout: .seconds(10))
            }
            guard case .progressDeadlineExceeded(let failure) = failed else {
                Issue.record("expected a deadline failure, got \(String(describing: failed))")
                return
            }
            #expect(failure.deadlineExceededMessage?.contains("timed out progressing") == true)
        }
    }

    @Test func generationMustBeObserved() async throws {
        try await Kmock.withClient { client in
            let deployments = client.deployments()
            var web = KmockDeploymentTests.deployment("web", app: "web", replicas: 1)
            web.json[path: "metadata", "generation"] = 2
            web.json["status"] = ["observedGeneration": 1, "replicas": 1, "updatedReplicas": 1, "availableReplicas": 1]
            _ = try await deployments.create(web)
            #expect(try await deployments.rolloutStatus("web").isComplete == false)

            _ = try await deployments.patch("web", ["status": ["observedGeneration": 2]])
            let done = try await deployments.waitForRollout(
                "web", pollInterval: .milliseconds(50), stallTimeout: .seconds(5))
            #expect(done.isComplete)
        }
    }

    @Test func rollbackUsesThePreviousReplicaSetTemplate() async throws {
        try await Kmock.withClient { client in
            let deployments = client.deployments()
            var web = KmockDeploymentTests.deployment("web", app: "web")
            web.containers = [Container(name: "main", image: "registry.test/web:3")]
            web.annotations = [Deployment.revisionAnnotation: "3"]
            web = try await deployments.create(web)

            let replicaSets = client.replicaSets()
            for (revision, image) in [(1, "web:1"), (2, "web:2"), (3, "web:3")] {
                var replicaSet = ReplicaSet(name: "web-r\(revision)")
                replicaSet.labels = ["app": "web", "pod-template-hash": "h\(revision)"]
                replicaSet.annotations = [Deployment.revisionAnnotation: String(revision)]
                replicaSet.ownerReferences = [OwnerReference(controller: web)]
                replicaSet.json["spec"] = [
                    "replicas": 0,
                    "template": [
                        "metadata": ["labels": ["app": "web", "pod-template-hash": .string("h\(revision)")]],
                        "spec": ["containers": [["name": "main", "image": .string("registry.test/\(image)")]]],
                    ],
                ]
                _ = try await replicaSets.create(replicaSet)
            }
            // A ReplicaSet of another deployment with the same labels must not be picked.
            var foreign = ReplicaSet(name: "foreign")
            foreign.labels = ["app": "web"]
            foreign.annotations = [Deployment.revisionAnnotation: "2"]
            foreign.ownerReferences = [OwnerReference(controller: Deployment(name: "someone-else"))]
            _ = try await replicaSets.create(foreign)

            let rolledBack = try await deployments.rollback("web")
            #expect(rolledBack.containers.map(\.image) == ["registry.test/web:2"])
            #expect(rolledBack.templateLabels == ["app": "web"])
            #expect(try await deployments.get("web").containers.map(\.image) == ["registry.test/web:2"])

            let toFirst = try await deployments.rollback("web", toRevision: 1)
            #expect(toFirst.containers.map(\.image) == ["registry.test/web:1"])

            let unknown = await #expect(throws: RolloutError.self) {
                try await deployments.rollback("web", toRevision: 7)
            }
            #expect(unknown == .revisionNotFound(deployment: "web", revision: 7))
        }
    }
}

import Kubernetes
import KubernetesTestSupport
import Testing

@Suite("watch against kmock", .enabled(if: Kmock.shouldRun, Kmock.skipReason), .timeLimit(.minutes(2)))
struct KmockWatchTests {
    @Test func watchYieldsExistingAndNewObjects() async throws {
        try await Kmock.withClient { client in
            let deployments = client.deployments()
            _ = try await deployments.create(KmockDeploymentTests.deployment("old", app: "web"))
            _ = try await deployments.create(KmockDeploymentTests.deployment("other", app: "other"))

            var events: [WatchEvent<Deployment>] = []
            let stream = deployments.watch(labelSelector: ["app": "web"], timeout: .seconds(20))
            for try await event in stream {
                events.append(event)
                if events.count == 1 {
                    // The existing object arrived; now make a change for the watch to see.
                    _ = try await deployments.create(KmockDeploymentTests.deployment("new", app: "web"))
                    _ = try await deployments.create(KmockDeploymentTests.deployment("other-2", app: "other"))
                    _ = try await deployments.patch("new", ["spec": ["replicas": 5]])
                }
                if events.count == 3 { break }
            }
            #expect(events.map(\.kind) == [.added, .added, .modified])
            #expect(events.map(\.object.name) == ["old", "new", "new"])
            #expect(events.last?.object.replicas == 5)
            #expect(events.last?.object.namespace == deployments.namespace)
        }
    }

    @Test func watchSeesDeletion() async throws {
        try await Kmock.withClient { client in
            let secrets = client.secrets()
            _ = try await secrets.create(Secret(name: "s"))
            var kinds: [WatchEvent<Secret>.Kind] = []
            for try await event in secrets.watch(timeout: .seconds(20)) {
                kinds.append(event.kind)
                if event.kind == .added { try await secrets.delete("s") }
                if event.kind == .deleted || kinds.count >= 5 { break }
            }
            #expect(kinds == [.added, .deleted])
        }
    }
}

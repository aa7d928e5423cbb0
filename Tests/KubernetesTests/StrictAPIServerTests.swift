import Kubernetes
import KubernetesTestSupport
import Testing

/// The paths a real API server takes and kmock does not (PUT, 201, 422 causes, the Scale
/// subresource, list items without kind, content types), against `strict_api_server.py`.
@Suite("real-server behaviour", .enabled(if: Kmock.shouldRun, Kmock.skipReason), .timeLimit(.minutes(2)))
struct StrictAPIServerTests {
    static func withClient(_ body: (KubernetesClient) async throws -> Void) async throws {
        let server = try await PythonServerProcess.start(script: "strict_api_server.py", arguments: ["0"])
        do {
            let configuration = KubernetesConfiguration(server: server.url, namespace: "prod")
            try await KubernetesClient.withClient(configuration: configuration, body)
            server.stop()
        } catch {
            server.stop()
            throw error
        }
    }

    @Test func replaceUsesPutWithOptimisticConcurrency() async throws {
        try await Self.withClient { client in
            let deployments = client.deployments()
            let created = try await deployments.create(KmockDeploymentTests.deployment("web", app: "web"))
            #expect(created.uid != nil)
            #expect(created.generation == 1)
            let firstVersion = try #require(created.resourceVersion)

            var changed = created
            changed.replicas = 5
            let replaced = try await deployments.replace(changed)
            #expect(replaced.replicas == 5)
            #expect(replaced.generation == 2)
            #expect(replaced.resourceVersion != firstVersion)
            #expect(replaced.json[path: "spec", "template", "spec", "x-user-field", "kept"] == true)

            // `changed` still carries the first resourceVersion: the server refuses it.
            let conflict = await #expect(throws: KubernetesError.self) { try await deployments.replace(changed) }
            #expect(conflict?.reason == .conflict)
            #expect(conflict?.serverReason == "Conflict")
            #expect(conflict?.message.contains("has been modified") == true)
        }
    }

    @Test func invalidObjectsReportEveryCause() async throws {
        try await Self.withClient { client in
            var bad = KmockDeploymentTests.deployment("BAD", app: "web")
            bad.replicas = -1
            let invalid = await #expect(throws: KubernetesError.self) { try await client.deployments().create(bad) }
            #expect(invalid?.statusCode == 422)
            #expect(invalid?.reason == .invalid)
            #expect(invalid?.causes.map(\.field) == ["metadata.name", "spec.replicas"])
        }
    }

    @Test func listItemsGetTheirKindAndPatchesTheirContentType() async throws {
        try await Self.withClient { client in
            let deployments = client.deployments()
            _ = try await deployments.create(KmockDeploymentTests.deployment("web", app: "web"))
            _ = try await deployments.create(KmockDeploymentTests.deployment("db", app: "db"))

            let list = try await deployments.list(labelSelector: ["app": "web"])
            #expect(list.items.map(\.name) == ["web"])
            #expect(list.items.first?.kind == "Deployment")
            #expect(list.items.first?.apiVersion == "apps/v1")
            #expect(list.resourceVersion != nil)

            // The server answers 415 unless the body is sent as application/merge-patch+json.
            let patched = try await deployments.patch("web", ["metadata": ["labels": ["tier": "front"]]])
            #expect(patched.labels == ["app": "web", "tier": "front"])
        }
    }

    @Test func scaleThroughTheSubresource() async throws {
        try await Self.withClient { client in
            let deployments = client.deployments()
            _ = try await deployments.create(KmockDeploymentTests.deployment("web", app: "web", replicas: 1))
            let scale = try await deployments.scale("web", replicas: 3)
            #expect(scale.replicas == 3)
            #expect(try await deployments.getScale("web").replicas == 3)
            #expect(try await deployments.get("web").replicas == 3)

            let missing = await #expect(throws: KubernetesError.self) { try await deployments.scale("nope", replicas: 1) }
            #expect(missing?.reason == .notFound)
            #expect(missing?.serverReason == "NotFound")
        }
    }

    @Test func deleteAndAlreadyExists() async throws {
        try await Self.withClient { client in
            let deployments = client.deployments()
            _ = try await deployments.create(KmockDeploymentTests.deployment("web", app: "web"))
            let duplicate = await #expect(throws: KubernetesError.self) {
                try await deployments.create(KmockDeploymentTests.deployment("web", app: "web"))
            }
            #expect(duplicate?.reason == .alreadyExists)
            try await deployments.delete("web", propagationPolicy: .background)
            #expect(try await deployments.getIfPresent("web") == nil)
        }
    }
}

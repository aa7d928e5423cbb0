import Kubernetes
import KubernetesTestSupport
import Testing

@Suite("Deployments against kmock", .enabled(if: Kmock.shouldRun, Kmock.skipReason), .timeLimit(.minutes(2)))
struct KmockDeploymentTests {
    static func deployment(_ name: String, app: String, replicas: Int = 2) -> Deployment {
        var deployment = Deployment(name: name)
        deployment.labels = ["app": app]
        deployment.replicas = replicas
        deployment.selectorLabels = ["app": app]
        deployment.templateLabels = ["app": app]
        deployment.containers = [Container(name: "main", image: "registry.test/\(app):1")]
        deployment.json[path: "spec", "template", "spec", "x-user-field"] = ["kept": true]
        return deployment
    }

    @Test func createGetListReplacePatchDelete() async throws {
        try await Kmock.withClient { client in
            let deployments = client.deployments()
            let created = try await deployments.create(Self.deployment("web", app: "web"))
            #expect(created.name == "web")
            #expect(created.namespace == deployments.namespace)
            #expect(created.json[path: "spec", "template", "spec", "x-user-field", "kept"] == true)
            _ = try await deployments.create(Self.deployment("db", app: "db"))

            var web = try await deployments.get("web")
            #expect(web.replicas == 2)
            #expect(web.containers.first?.image == "registry.test/web:1")

            let selected = try await deployments.list(labelSelector: ["app": "web"])
            #expect(selected.items.map(\.name) == ["web"])
            #expect(selected.items.first?.kind == "Deployment")
            let all = try await deployments.list()
            #expect(Set(all.items.compactMap(\.name)) == ["web", "db"])
            let notWeb = try await deployments.list(labelSelector: LabelSelector([.notEquals("app", "web")]))
            #expect(notWeb.items.map(\.name) == ["db"])

            // Replace: change the image, add a sidecar and drop the user field.
            var containers = web.containers
            containers[0].image = "registry.test/web:2"
            containers.append(Container(name: "sidecar", image: "registry.test/proxy:1"))
            web.containers = containers
            web.json[path: "spec", "template", "spec", "x-user-field"] = nil
            let replaced = try await deployments.replace(web)
            #expect(replaced.containers.map(\.image) == ["registry.test/web:2", "registry.test/proxy:1"])
            let stored = try await deployments.get("web")
            #expect(stored.containers.count == 2)
            #expect(stored.json[path: "spec", "template", "spec", "x-user-field"] == nil)

            let patched = try await deployments.patch(
                "web", ["metadata": ["annotations": ["owner": "allocator"]], "spec": ["paused": true]])
            #expect(patched.annotations["owner"] == "allocator")
            #expect(patched.json[path: "spec", "paused"] == true)
            #expect(patched.containers.count == 2)  // a merge patch keeps the rest

            try await deployments.delete("web", propagationPolicy: .foreground)
            #expect(try await deployments.getIfPresent("web") == nil)
            #expect(try await deployments.list().items.map(\.name) == ["db"])
        }
    }

    @Test func apiReasons() async throws {
        try await Kmock.withClient { client in
            let deployments = client.deployments()
            _ = try await deployments.create(Self.deployment("web", app: "web"))

            let duplicate = await #expect(throws: KubernetesError.self) {
                try await deployments.create(Self.deployment("web", app: "web"))
            }
            #expect(duplicate?.reason == .alreadyExists)
            #expect(duplicate?.statusCode == 409)

            let missing = await #expect(throws: KubernetesError.self) { try await deployments.get("nope") }
            #expect(missing?.reason == .notFound)
            #expect(missing?.path.hasSuffix("/deployments/nope") == true)

            let deleteMissing = await #expect(throws: KubernetesError.self) { try await deployments.delete("nope") }
            #expect(deleteMissing?.reason == .notFound)

            // kmock has no PUT, so replace falls back to a patch; a missing object stays NotFound.
            let replaceMissing = await #expect(throws: KubernetesError.self) {
                try await deployments.replace(Self.deployment("nope", app: "nope"))
            }
            #expect(replaceMissing?.reason == .notFound)
        }
    }

    @Test func staleResourceVersionIsAConflict() async throws {
        try await Kmock.withClient { client in
            let deployments = client.deployments()
            var web = Self.deployment("web", app: "web")
            web.resourceVersion = "1"
            _ = try await deployments.create(web)

            var stale = try await deployments.get("web")
            stale.resourceVersion = "0"
            stale.replicas = 9
            let conflict = await #expect(throws: KubernetesError.self) { try await deployments.replace(stale) }
            #expect(conflict?.reason == .conflict)
            #expect(try await deployments.get("web").replicas == 2)
        }
    }

    @Test func scale() async throws {
        try await Kmock.withClient { client in
            let deployments = client.deployments()
            _ = try await deployments.create(Self.deployment("web", app: "web", replicas: 1))

            let scale = try await deployments.scale("web", replicas: 4)
            #expect(scale.replicas == 4)
            #expect(try await deployments.get("web").replicas == 4)
            #expect(try await deployments.getScale("web").replicas == 4)
            #expect(try await deployments.get("web").containers.count == 1)  // the template is untouched

            let missing = await #expect(throws: KubernetesError.self) {
                try await deployments.scale("nope", replicas: 1)
            }
            #expect(missing?.reason == .notFound)
        }
    }
}

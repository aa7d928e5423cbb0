import Kubernetes
import KubernetesTestSupport
import Testing

@Suite("core/v1 kinds against kmock", .enabled(if: Kmock.shouldRun, Kmock.skipReason), .timeLimit(.minutes(2)))
struct KmockCoreResourceTests {
    @Test func secretsWithStringDataAndData() async throws {
        try await Kmock.withClient { client in
            let secrets = client.secrets()
            var secret = Secret(name: "db-creds")
            secret.type = "Opaque"
            secret.stringData = ["username": "vdl"]
            secret.data = ["password": Array("hunter2".utf8)]
            _ = try await secrets.create(secret)

            let stored = try await secrets.get("db-creds")
            #expect(stored.string(forKey: "username") == "vdl")
            #expect(stored.string(forKey: "password") == "hunter2")
            #expect(stored.json[path: "data", "password"] == "aHVudGVyMg==")

            _ = try await secrets.patch("db-creds", ["stringData": ["username": "admin"]])
            #expect(try await secrets.get("db-creds").string(forKey: "username") == "admin")
            try await secrets.delete("db-creds")
            #expect(try await secrets.list().items.isEmpty)
        }
    }

    @Test func services() async throws {
        try await Kmock.withClient { client in
            let services = client.services()
            var service = Service(name: "web")
            service.selector = ["app": "web"]
            service.addPort(name: "http", port: 80, targetPort: 8080)
            service.labels = ["app": "web"]
            _ = try await services.create(service)

            let stored = try await services.get("web")
            #expect(stored.selector == ["app": "web"])
            #expect(stored.ports.first?["targetPort"] == 8080)
            #expect(try await services.list(labelSelector: ["app": "web"]).items.count == 1)
            #expect(try await services.list(labelSelector: ["app": "other"]).items.isEmpty)
            try await services.delete("web")
            #expect(try await services.getIfPresent("web") == nil)
        }
    }

    @Test func persistentVolumeClaims() async throws {
        try await Kmock.withClient { client in
            let claims = client.persistentVolumeClaims()
            var claim = PersistentVolumeClaim(name: "data")
            claim.accessModes = ["ReadWriteOnce"]
            claim.storageRequest = "1Gi"
            _ = try await claims.create(claim)

            let stored = try await claims.get("data")
            #expect(stored.accessModes == ["ReadWriteOnce"])
            #expect(stored.storageRequest == "1Gi")
            let resized = try await claims.patch("data", ["spec": ["resources": ["requests": ["storage": "2Gi"]]]])
            #expect(resized.storageRequest == "2Gi")
            #expect(resized.accessModes == ["ReadWriteOnce"])
            try await claims.delete("data")
        }
    }

    @Test func namespacesAreClusterScoped() async throws {
        try await Kmock.withClient { client in
            let namespaces = client.namespaces()
            #expect(namespaces.namespace == nil)
            var namespace = Namespace(name: "team-a")
            namespace.labels = ["owner": "vkube"]
            let created = try await namespaces.create(namespace)
            #expect(created.namespace == nil)

            #expect(try await namespaces.get("team-a").labels == ["owner": "vkube"])
            #expect(try await namespaces.list(labelSelector: ["owner": "vkube"]).items.map(\.name) == ["team-a"])

            // Objects of other kinds live inside it.
            _ = try await client.secrets(namespace: "team-a").create(Secret(name: "s"))
            #expect(try await client.secrets(namespace: "team-a").list().items.count == 1)
            #expect(try await client.secrets(namespace: "team-b").list().items.isEmpty)

            let duplicate = await #expect(throws: KubernetesError.self) {
                try await namespaces.create(Namespace(name: "team-a"))
            }
            #expect(duplicate?.reason == .alreadyExists)
            try await namespaces.delete("team-a")
            #expect(try await namespaces.getIfPresent("team-a") == nil)
        }
    }

    @Test func podsAndEvents() async throws {
        try await Kmock.withClient { client in
            // kmock runs no controllers: pods and events only exist when written, as here.
            #expect(try await client.pods().list().items.isEmpty)
            #expect(try await client.events().list().items.isEmpty)

            var pod = Pod(name: "web-1")
            pod.labels = ["app": "web"]
            pod.containers = [Container(name: "main", image: "registry.test/web:1")]
            pod.json["status"] = ["phase": "Pending"]
            _ = try await client.pods().create(pod)

            let event = Event(json: [
                "apiVersion": "v1", "kind": "Event",
                "metadata": ["name": "web-1.1"],
                "involvedObject": ["kind": "Pod", "name": "web-1"],
                "reason": "FailedScheduling", "type": "Warning", "message": "0/1 nodes are available", "count": 3,
            ])
            _ = try await client.events().create(event)

            let pods = try await client.pods().list(labelSelector: ["app": "web"]).items
            #expect(pods.map(\.phase) == ["Pending"])
            #expect(pods.first?.containers.first?.name == "main")

            let events = try await client.events().list(fieldSelector: "involvedObject.name=web-1").items
            #expect(events.count == 1)
            #expect(events.first?.reason == "FailedScheduling")
            #expect(events.first?.involvedKind == "Pod")
            #expect(events.first?.count == 3)
        }
    }
}

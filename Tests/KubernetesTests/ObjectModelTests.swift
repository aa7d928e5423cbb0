import Kubernetes
import Testing

@Suite("objects as JSON trees")
struct ObjectModelTests {
    static let deploymentJSON = """
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "web", "labels": {"app": "web"}, "x-extra": [1, 2.5, null, true]},
         "spec": {"replicas": 2, "futureField": {"nested": "kept"},
                  "template": {"metadata": {"labels": {"app": "web"}},
                               "spec": {"containers": [{"name": "c", "image": "nginx:1", "tty": true,
                                                        "resources": {"limits": {"cpu": "1"}}}],
                                        "dnsPolicy": "None"}}}}
        """

    @Test func unknownFieldsRoundTripThroughEdits() throws {
        var deployment = try Deployment(json: JSONValue(jsonString: Self.deploymentJSON))
        #expect(deployment.replicas == 2)
        #expect(deployment.containers.map(\.image) == ["nginx:1"])

        deployment.replicas = 3
        var containers = deployment.containers
        containers[0].image = "nginx:2"
        containers[0].setEnvironment("MODE", value: "prod")
        containers.append(Container(name: "sidecar", image: "proxy:1"))
        deployment.containers = containers
        deployment.volumes = [.secret(name: "creds", secretName: "web-creds")]
        deployment.labels["tier"] = "front"

        let encoded = try JSONValue(jsonData: deployment.json.jsonData())
        var expected = try JSONValue(jsonString: Self.deploymentJSON)
        expected[path: "spec", "replicas"] = 3
        expected[path: "metadata", "labels", "tier"] = "front"
        expected[path: "spec", "template", "spec", "containers"] = [
            [
                "name": "c", "image": "nginx:2", "tty": true, "resources": ["limits": ["cpu": "1"]],
                "env": [["name": "MODE", "value": "prod"]],
            ],
            ["name": "sidecar", "image": "proxy:1"],
        ]
        expected[path: "spec", "template", "spec", "volumes"] = [
            ["name": "creds", "secret": ["secretName": "web-creds"]]
        ]
        #expect(encoded == expected)
        #expect(deployment.json.jsonString.contains("\"replicas\":3"))  // stays an integer
    }

    @Test func newObjectsCarryTypeMeta() {
        let secret = Secret(name: "s", namespace: "ns")
        #expect(secret.json == ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s", "namespace": "ns"]])
        #expect(Deployment(name: "d").apiVersion == "apps/v1")
    }

    @Test func secretDataIsBase64AndStringDataOverlays() {
        var secret = Secret(name: "s")
        secret.data = ["bin": [0, 1, 255]]
        secret.stringData = ["password": "hunter2"]
        #expect(secret.json[path: "data", "bin"] == "AAH/")
        #expect(secret.decodedData == ["bin": [0, 1, 255], "password": Array("hunter2".utf8)])
        #expect(secret.string(forKey: "password") == "hunter2")
    }

    @Test func labelSelectorsRenderAndMatch() {
        let selector = LabelSelector([
            .equals("app", "web"), .notEquals("tier", "db"), .in("env", ["prod", "staging"]),
            .notIn("zone", ["z9"]), .exists("team"), .doesNotExist("legacy"),
        ])
        #expect(selector.description == "app=web,tier!=db,env in (prod,staging),zone notin (z9),team,!legacy")
        #expect(selector.matches(["app": "web", "env": "prod", "team": "a"]))
        #expect(!selector.matches(["app": "web", "env": "dev", "team": "a"]))
        #expect(!selector.matches(["app": "web", "env": "prod", "team": "a", "legacy": "1"]))
        #expect(!selector.matches(["app": "web", "env": "prod", "team": "a", "tier": "db"]))
        let literal: LabelSelector = ["b": "2", "a": "1"]
        #expect(literal.description == "a=1,b=2")
    }

    @Test func rolloutProgressFollowsKubectlRules() throws {
        var deployment = Deployment(name: "web")
        deployment.replicas = 3
        deployment.json[path: "metadata", "generation"] = 2
        deployment.json["status"] = [
            "observedGeneration": 1, "replicas": 3, "updatedReplicas": 3, "availableReplicas": 3,
        ]
        #expect(!RolloutProgress(deployment).isComplete)  // generation 2 not observed yet

        deployment.json[path: "status", "observedGeneration"] = 2
        deployment.json[path: "status", "updatedReplicas"] = 1
        #expect(RolloutProgress(deployment).message.contains("1 out of 3 new replicas"))

        deployment.json[path: "status", "updatedReplicas"] = 3
        deployment.json[path: "status", "availableReplicas"] = 2
        let waiting = RolloutProgress(deployment)
        #expect(!waiting.isComplete)
        #expect(waiting.description == "Desired: 3 Current: 3 Up-to-date: 3 Available: 2")

        deployment.json[path: "status", "availableReplicas"] = 3
        #expect(RolloutProgress(deployment).isComplete)

        deployment.json[path: "status", "replicas"] = 4  // an old pod is still terminating
        #expect(!RolloutProgress(deployment).isComplete)
    }
}

import Foundation
import Kubernetes
import Testing
import VKube

/// The pod agent added to a Deployment, compared with a golden file (regenerate with
/// VDL_UPDATE_GOLDEN=1 and review the diff).
@Suite struct PodAgentInjectionTests {
    static let injection = PodAgentInjection(
        clusterAgent: "/(root:ops:prod)@10.0.0.7:8200", rootBlessings: "ROOTBLESSINGS", image: "swift-vdl/pod-agent:1",
        secretName: "secret-0123456789abcdef0123456789abcdef")

    static func golden(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Golden/\(name)", withExtension: nil))
    }

    @Test func theInjectedDeploymentMatchesTheGoldenFile() throws {
        let app = Deployment(json: try JSONValue(jsonData: try Data(contentsOf: try Self.golden("app.json"))))
        let injected = try Self.injection.apply(to: app)
        let rendered = String(decoding: try JSONSerialization.data(
            withJSONObject: try JSONSerialization.jsonObject(with: try injected.json.jsonData()),
            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]), as: UTF8.self) + "\n"
        if ProcessInfo.processInfo.environment["VDL_UPDATE_GOLDEN"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/app.injected.json")
            try Data(rendered.utf8).write(to: source)
        }
        #expect(rendered == String(decoding: try Data(contentsOf: try Self.golden("app.injected.json")), as: UTF8.self))
        // What the user wrote is kept.
        #expect(injected.json[path: "spec", "template", "spec", "nodeSelector", "disk"]?.stringValue == "ssd")
        #expect(injected.json[path: "spec", "replicas"]?.intValue == 2)
    }

    @Test func aDeploymentTakesThePodAgentOnce() throws {
        let app = Deployment(json: try JSONValue(jsonData: try Data(contentsOf: try Self.golden("app.json"))))
        let injected = try Self.injection.apply(to: app)
        #expect { try Self.injection.apply(to: injected) } throws: { "\($0)".contains("already has a container named pod-agent") }
        let empty = Deployment(json: ["apiVersion": "apps/v1", "kind": "Deployment", "spec": ["template": ["spec": [:]]]])
        #expect { try Self.injection.apply(to: empty) } throws: { "\($0)".contains("has no containers") }
    }

    @Test func theSecretCarriesTheClusterAgentSecret() {
        let secret = Self.injection.secret(namespace: "apps", holding: "abc123")
        #expect(secret.json[path: "metadata", "name"]?.stringValue == "secret-0123456789abcdef0123456789abcdef")
        #expect(secret.json[path: "metadata", "namespace"]?.stringValue == "apps")
        #expect(secret.data == ["secret": Array("abc123".utf8)])
    }
}

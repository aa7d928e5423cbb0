import Foundation
import Testing
import VKube

/// `vkube.cfg`, `update-config`, `--wait-timeout` and the kubectl pass-through (no cluster).
@Suite struct VKubeConfigTests {
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "vkube-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aTagReplacesOnlyTheTag() throws {
        #expect(try VKubeConfig.replacingImage("registry.test:5000/team/agent:1", with: ":2") == "registry.test:5000/team/agent:2")
        #expect(try VKubeConfig.replacingImage("registry.test:5000/team/agent", with: ":2") == "registry.test:5000/team/agent:2")
        #expect(try VKubeConfig.replacingImage("agent:1", with: "other/agent:3") == "other/agent:3")
        #expect { try VKubeConfig.replacingImage(nil, with: ":2", field: "podAgent.image") } throws: {
            "\($0)".contains("cannot replace the tag of podAgent.image: it is not set")
        }
    }

    @Test func updateConfigRewritesTheFileAtomicallyKeepingOtherFields() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/vkube.cfg"
        try #"{"cluster": "prod", "clusterAgent": {"image": "reg/ca:1", "blessing": "root:ops:prod"}, "podAgent": {"image": "reg/pa:1"}, "note": "x"}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try VKubeFixture.run("vkube", ["update-config", "--config", path, "--cluster-agent-image", ":2", "--pod-agent-image", "other/pa:7"])
        #expect(result.status == 0, "\(result.err)")
        let config = try VKubeConfig.load(atPath: path)
        #expect(config.context == "prod")
        #expect(config.clusterAgent.image == "reg/ca:2" && config.podAgent.image == "other/pa:7")
        #expect(config.clusterAgent.blessing == "root:ops:prod")
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect(written?["note"] as? String == "x")
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["vkube.cfg"])

        let nothing = try VKubeFixture.run("vkube", ["update-config", "--config", path])
        #expect(nothing.status != 0 && nothing.err.contains("nothing to update"))
        try "{ broken".write(toFile: path, atomically: true, encoding: .utf8)
        let broken = try VKubeFixture.run("vkube", ["update-config", "--config", path, "--pod-agent-image", ":3"])
        #expect(broken.status == 1 && broken.err.contains("the vkube configuration \(path) is invalid"), "\(broken.err)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{ broken")
    }

    @Test func waitTimeouts() {
        #expect(WaitTimeout.parse("20m") == .seconds(1200))
        #expect(WaitTimeout.parse("1h30m") == .seconds(5400))
        #expect(WaitTimeout.parse("2.5s") == .milliseconds(2500))
        #expect(WaitTimeout.parse("45") == .seconds(45))
        #expect(WaitTimeout.parse("20x") == nil && WaitTimeout.parse("") == nil && WaitTimeout.parse("m") == nil)
    }

    @Test func kubectlGetsTheConfiguredClusterFirst() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fake = directory + "/kubectl"
        try "#!/bin/sh\necho \"kubectl $*\"\n".write(toFile: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        let config = directory + "/vkube.cfg"
        try #"{"context": "prod"}"#.write(toFile: config, atomically: true, encoding: .utf8)
        let path = directory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let result = try VKubeFixture.run(
            "vkube", ["--kubeconfig", "/etc/kube/config", "kubectl", "--config", config, "--", "get", "pods", "-n", "apps"],
            environment: ["PATH": path])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "kubectl --kubeconfig=/etc/kube/config --context=prod get pods -n apps\n")
        let missing = try VKubeFixture.run("vkube", ["kubectl", "--config", config, "--", "version"], environment: ["PATH": directory + "/none"])
        #expect(missing.status == 1 && missing.err.contains("cannot run kubectl"), "\(missing.err)")
    }
}

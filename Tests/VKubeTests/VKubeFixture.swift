import Foundation
import Kubernetes
import KubernetesTestSupport
import Testing
import VKube

/// What the vkube command tests run against: kmock on 127.0.0.1 for the Kubernetes objects and
/// a real `cluster_agentd` on 127.0.0.1 for the secrets, with credentials made by the
/// `principal` command (root, root:ops for vkube's user, root:guest, and the agent root:ops:prod),
/// a kubeconfig and a `vkube.cfg` in a temporary directory.
struct VKubeFixture: Sendable {
    /// How the cluster agent is started.
    enum AgentMode { case blessedProd, unclaimed, none }

    let directory: String
    let kubeconfig: String
    let config: String
    let namespace: String
    let ops: String
    let guest: String
    let agentAddress: String
    let client: KubernetesClient

    static func executable(_ name: String) throws -> URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [bundle.appendingPathComponent(name), bundle.deletingLastPathComponent().appendingPathComponent(name),
                          root.appendingPathComponent(".build/debug/\(name)")]
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                            "\(name) is not built next to the tests (looked in \(candidates.map(\.path)))")
    }

    struct Result: Sendable {
        var status: Int32
        var out: String
        var err: String
    }

    /// Runs a built command to its end (at most `limit`, then it is killed).
    @discardableResult
    static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:], limit: Duration = .seconds(90)) throws -> Result {
        let process = Process()
        process.executableURL = try executable(name)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["VDL_CREDENTIALS"] = nil
        env["VDL_AGENT_PATH"] = nil
        env["VKUBE_POLL_INTERVAL_MS"] = "100"
        env.merge(environment) { _, new in new }
        process.environment = env
        let outPath = NSTemporaryDirectory() + "vkube-out-\(UUID().uuidString)"
        let errPath = outPath + ".err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        let killer = Task.detached {
            try await Task.sleep(for: limit)
            kill(pid, SIGTERM)
        }
        process.waitUntilExit()
        killer.cancel()
        return Result(
            status: process.terminationStatus,
            out: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            err: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Runs `vkube` with the fixture's kubeconfig, configuration, cluster agent and ops's
    /// credentials, then `arguments`.
    func vkube(_ arguments: [String], credentials: String? = nil, environment: [String: String] = [:]) throws -> Result {
        try Self.run("vkube", [
            "--config", config, "--kubeconfig", kubeconfig, "--no-headers",
            "--cluster-agent-address", agentAddress, "--credentials", credentials ?? ops,
        ] + arguments, environment: environment)
    }

    /// Runs `vkube` as ``vkube(_:credentials:environment:)`` does, on a thread of its own, so
    /// that the test goes on (as the cluster's controller) while vkube waits.
    func vkubeInBackground(_ arguments: [String]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { [self] in
                continuation.resume(with: Swift.Result { try vkube(arguments) })
            }
        }
    }

    /// Writes `contents` to `name` in the fixture's directory and returns its path.
    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        let path = directory + "/" + name
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A Deployment file for the app `name` with `image`.
    func deploymentFile(_ name: String, image: String, file: String? = nil) throws -> String {
        try write(file ?? "\(name).json", """
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "\(name)", "labels": {"app": "\(name)"}},
             "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "\(name)"}},
                      "template": {"metadata": {"labels": {"app": "\(name)"}},
                                   "spec": {"containers": [{"name": "main", "image": "\(image)"}]}}}}
            """)
    }

    /// The secrets the cluster agent stores: the entries of its root directory.
    func storedSecrets() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory + "/store").filter { $0.count == 43 }
    }

    /// What `cluster_agent seekblessings SECRET` gets: the names of the blessings, or the error.
    func seekBlessings(_ secret: String) throws -> (ok: Bool, text: String) {
        // As a pod agent asks: a new principal, which cannot check the agent's blessings yet.
        let sought = try Self.run("cluster_agent", ["--agent", ClusterAgentConnection.unpinned(agentAddress), "seekblessings", secret])
        guard sought.status == 0 else { return (false, sought.err) }
        let dump = try Self.run("principal", ["dumpblessings", sought.out.trimmingCharacters(in: .whitespacesAndNewlines)])
        return (true, dump.out)
    }

    static func member(_ directory: String, root: String, _ name: String, under parent: String? = nil) throws -> String {
        let path = directory + "/" + name
        try #require(try run("principal", ["create", path, name]).status == 0)
        let blessing = path + ".blessing"
        try #require(try run("principal", ["bless", "--credentials", parent ?? root, path, name, "--for", "1h", "--output", blessing]).status == 0)
        try #require(try run("principal", ["set", "default", "--credentials", path, blessing, "--add-to-roots"]).status == 0)
        try #require(try run("principal", ["set", "forpeer", "--credentials", path, blessing, "..."]).status == 0)
        return path
    }

    /// Starts a daemon and returns it with the lines it printed up to the one starting with `until`.
    static func start(_ name: String, _ arguments: [String], until: String) throws -> (Process, [String]) {
        let process = Process()
        process.executableURL = try executable(name)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["VDL_CREDENTIALS"] = nil
        env["VDL_AGENT_PATH"] = nil
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var lines: [String] = [], line = ""
        let handle = out.fileHandleForReading
        // Bounded: the daemon prints three short lines; end-of-file ends the loop too.
        for _ in 0..<4096 {
            if lines.last?.hasPrefix(until) == true { break }
            let byte = handle.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            if byte == Data("\n".utf8) { lines.append(line); line = "" } else { line += String(decoding: byte, as: UTF8.self) }
        }
        return (process, lines)
    }

    /// Makes the fixture, runs `body`, and stops everything it started.
    /// - Parameter server: the Kubernetes stand-in: `kmock_server.py`, or `strict_api_server.py`
    ///   (Deployments only, with a real API server's 201, uid, generation, PUT and 422).
    static func with(
        agent mode: AgentMode = .blessedProd, server script: String = "kmock_server.py", _ body: (VKubeFixture) async throws -> Void
    ) async throws {
        let directory = NSTemporaryDirectory() + "vkube-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let root = directory + "/root"
        try #require(try run("principal", ["create", root, "root"]).status == 0)
        let ops = try member(directory, root: root, "ops")
        let guest = try member(directory, root: root, "guest")

        var agent: Process?
        defer { if let agent, agent.isRunning { agent.terminate(); agent.waitUntilExit() } }
        var agentAddress = "127.0.0.1:1"
        switch mode {
        case .blessedProd:
            let prod = try member(directory, root: root, "prod", under: ops)
            let (process, lines) = try start("cluster_agentd", ["--root-dir", directory + "/store", "--credentials", prod], until: "Secrets:")
            agent = process
            try #require(lines.contains("Blessings: root:ops:prod"), "cluster_agentd printed \(lines)")
            agentAddress = "/(root:ops:prod)@" + (try #require(lines.first?.split(separator: " ").last.map(String.init)))
        case .unclaimed:
            let (process, lines) = try start("cluster_agentd", ["--root-dir", directory + "/store", "--claimer", "root:ops"], until: "Secrets:")
            agent = process
            try #require(lines.contains("Blessings: cluster-agent (unclaimed)"), "cluster_agentd printed \(lines)")
            agentAddress = try #require(lines.first?.split(separator: " ").last.map(String.init))
        case .none:
            break
        }

        let server = try await PythonServerProcess.start(script: script, arguments: ["0"])
        defer { server.stop() }
        let namespace = "test-\(UInt32.random(in: 0...UInt32.max))"
        let kubeconfig = directory + "/kubeconfig"
        try """
            apiVersion: v1
            kind: Config
            clusters: [{name: kmock, cluster: {server: "\(server.url)"}}]
            users: [{name: tester, user: {token: unused}}]
            contexts: [{name: kmock, context: {cluster: kmock, user: tester, namespace: \(namespace)}}]
            current-context: kmock
            """.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let config = directory + "/vkube.cfg"
        try """
            {
              "context": "kmock",
              "clusterAgent": {"namespace": "agents", "image": "registry.test/cluster-agent:1", "cpu": "100m", "memory": "64Mi",
                               "blessing": "root:ops:prod", "admin": "root:ops", "externalIP": "203.0.113.7",
                               "persistentVolumeClaim": "agent-data"},
              "podAgent": {"image": "registry.test/pod-agent:1"},
              "comment": "kept by update-config"
            }
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let configuration = KubernetesConfiguration(server: server.url, namespace: namespace, requestTimeout: .seconds(20))
        try await KubernetesClient.withClient(configuration: configuration) { client in
            try await body(VKubeFixture(
                directory: directory, kubeconfig: kubeconfig, config: config, namespace: namespace, ops: ops, guest: guest,
                agentAddress: agentAddress, client: client))
        }
    }
}

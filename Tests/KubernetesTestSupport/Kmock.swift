import Foundation
import Kubernetes
import Testing

/// Starts the kmock Kubernetes API emulator (`kmock_server.py` beside this file) on 127.0.0.1
/// with a free port for one test, and stops it afterwards.
///
/// The Python interpreter of a virtualenv with `kmock==0.8` comes from `VDL_KMOCK_PYTHON`, else
/// `.venv-kmock/bin/python` at the package root. Without either, kmock tests are skipped, unless
/// `VDL_REQUIRE_KMOCK=1`, which makes them fail (CI sets it).
public enum Kmock {
    /// How long the emulator may take to print its "listening" line.
    public static let startTimeout: Duration = .seconds(30)

    /// `Tests/KubernetesTests`, where `kmock_server.py` and the other test servers are.
    public static let testTargetDirectory = (((#filePath as NSString).deletingLastPathComponent as NSString)
        .deletingLastPathComponent as NSString).appendingPathComponent("KubernetesTests")
    static let packageRoot = (testTargetDirectory as NSString).appendingPathComponent("../..")

    public static var isRequired: Bool { ProcessInfo.processInfo.environment["VDL_REQUIRE_KMOCK"] == "1" }

    /// The interpreter to run, if one is configured or found.
    public static var python: String? {
        if let configured = ProcessInfo.processInfo.environment["VDL_KMOCK_PYTHON"], !configured.isEmpty {
            return configured
        }
        let local = (packageRoot as NSString).appendingPathComponent(".venv-kmock/bin/python")
        return FileManager.default.isExecutableFile(atPath: local) ? local : nil
    }

    /// Whether kmock tests run: kmock is found, or it is required (and its absence fails them).
    public static var shouldRun: Bool { python != nil || isRequired }

    public static let skipReason: Comment = """
        kmock not found: set VDL_KMOCK_PYTHON or create .venv-kmock (python3 -m venv .venv-kmock && \
        .venv-kmock/bin/pip install kmock==0.8); VDL_REQUIRE_KMOCK=1 turns this skip into a failure
        """

    /// Runs `body` with a client of a new kmock server, in a namespace of its own.
    public static func withClient<Result: Sendable>(
        _ body: (KubernetesClient) async throws -> Result
    ) async throws -> Result {
        let server = try await PythonServerProcess.start(script: "kmock_server.py", arguments: ["0"])
        do {
            let configuration = KubernetesConfiguration(
                server: server.url, namespace: "test-\(UInt32.random(in: 0...UInt32.max))",
                requestTimeout: .seconds(20))
            let result = try await KubernetesClient.withClient(configuration: configuration, body)
            server.stop()
            return result
        } catch {
            server.stop()
            throw error
        }
    }
}

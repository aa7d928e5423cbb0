import Foundation
import Kubernetes
import KubernetesTestSupport
import Testing

/// TLS as a real cluster needs it (cluster CA, client certificates, insecure-skip-tls-verify),
/// against `tls_server.py` on 127.0.0.1, which requires a client certificate of the test CA.
@Suite("TLS against a local HTTPS server", .enabled(if: Kmock.shouldRun, Kmock.skipReason), .timeLimit(.minutes(2)))
struct TLSTests {
    /// Runs `body` with the URL of a new HTTPS server and a directory holding the test PKI.
    static func withServer(_ body: (_ url: String, _ directory: String) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        try directory.write("ca.crt", TestPEM.ca)
        try directory.write("server.crt", TestPEM.serverCertificate)
        try directory.write("server.key", TestPEM.serverKey)
        let server = try await PythonServerProcess.start(script: "tls_server.py", arguments: ["0", directory.path])
        do {
            try await body(server.url, directory.path)
            server.stop()
        } catch {
            server.stop()
            throw error
        }
    }

    /// What the server saw of a GET: the Authorization header and the client certificate's CN.
    static func seen(
        with configuration: KubernetesConfiguration
    ) async throws -> (authorization: String?, client: String?) {
        try await KubernetesClient.withClient(configuration: configuration) { client in
            let echo = try await client.secrets(namespace: "ns").get("echo")
            return (echo.annotations["seen-authorization"], echo.annotations["seen-client"])
        }
    }

    @Test func kubeconfigWithCAFileClientCertificateAndToken() async throws {
        try await Self.withServer { url, directory in
            let kubeconfig = """
                current-context: local
                clusters:
                - name: local
                  cluster: {server: "\(url)", certificate-authority: ca.crt}
                users:
                - name: admin
                  user:
                    token: t0ken
                    client-certificate-data: \(TestPEM.clientCertificate.base64)
                    client-key-data: \(TestPEM.clientKey.base64)
                contexts:
                - name: local
                  context: {cluster: local, user: admin}
                """
            let path = (directory as NSString).appendingPathComponent("config")
            try kubeconfig.write(toFile: path, atomically: true, encoding: .utf8)

            let seen = try await Self.seen(with: KubernetesConfiguration.kubeconfig(atPath: path))
            #expect(seen.authorization == "Bearer t0ken")
            #expect(seen.client == "vdl-test-user")
        }
    }

    @Test func tokenFileAndBasicAuthorization() async throws {
        try await Self.withServer { url, directory in
            let tokenPath = (directory as NSString).appendingPathComponent("token")
            try "from-file\n".write(toFile: tokenPath, atomically: true, encoding: .utf8)
            let tls = KubernetesConfiguration.TLS(
                certificateAuthorityPEM: Array(TestPEM.ca.utf8),
                clientCertificatePEM: Array(TestPEM.clientCertificate.utf8), clientKeyPEM: Array(TestPEM.clientKey.utf8)
            )

            let fromFile = try await Self.seen(
                with: KubernetesConfiguration(server: url, authorization: .bearerTokenFile(path: tokenPath), tls: tls))
            #expect(fromFile.authorization == "Bearer from-file")

            let basic = try await Self.seen(
                with: KubernetesConfiguration(
                    server: url, authorization: .basic(username: "u", password: "p"), tls: tls))
            #expect(basic.authorization == "Basic dTpw")
        }
    }

    @Test func insecureSkipVerifyAcceptsAnUnknownCA() async throws {
        try await Self.withServer { url, _ in
            let tls = KubernetesConfiguration.TLS(
                clientCertificatePEM: Array(TestPEM.clientCertificate.utf8),
                clientKeyPEM: Array(TestPEM.clientKey.utf8),
                insecureSkipVerify: true)
            let seen = try await Self.seen(with: KubernetesConfiguration(server: url, tls: tls))
            #expect(seen.client == "vdl-test-user")
        }
    }

    @Test func unknownCAOrMissingClientCertificateFail() async throws {
        try await Self.withServer { url, _ in
            let systemRoots = KubernetesConfiguration.TLS(
                clientCertificatePEM: Array(TestPEM.clientCertificate.utf8), clientKeyPEM: Array(TestPEM.clientKey.utf8)
            )
            let untrusted = await #expect(throws: (any Error).self) {
                _ = try await Self.seen(with: KubernetesConfiguration(server: url, tls: systemRoots))
            }
            #expect(
                untrusted != nil && !(untrusted is KubernetesError),
                "fails in TLS, not in HTTP: \(String(describing: untrusted))")

            let noClientCertificate = KubernetesConfiguration.TLS(certificateAuthorityPEM: Array(TestPEM.ca.utf8))
            let rejected = await #expect(throws: (any Error).self) {
                _ = try await Self.seen(with: KubernetesConfiguration(server: url, tls: noClientCertificate))
            }
            #expect(
                rejected != nil && !(rejected is KubernetesError),
                "fails in TLS, not in HTTP: \(String(describing: rejected))")
        }
    }
}

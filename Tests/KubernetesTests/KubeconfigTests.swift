import Foundation
import Kubernetes
import Testing

@Suite("kubeconfig files")
struct KubeconfigTests {
    /// A kubeconfig with one context per authentication form.
    static func kubeconfig(caData: String = TestPEM.ca.base64) -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: token
        clusters:
        - name: prod
          cluster:
            server: https://k8s.example.test:6443
            certificate-authority-data: \(caData)
        - name: files
          cluster:
            server: https://files.example.test
            certificate-authority: pki/ca.crt
        - name: insecure
          cluster:
            server: https://insecure.example.test/
            insecure-skip-tls-verify: true
        users:
        - name: alice
          user:
            token: s3cr3t
        - name: bob
          user:
            client-certificate-data: \(TestPEM.clientCertificate.base64)
            client-key-data: \(TestPEM.clientKey.base64)
        - name: carol
          user:
            client-certificate: pki/client.crt
            client-key: pki/client.key
        - name: dave
          user:
            tokenFile: dave.token
        - name: eve
          user:
            exec:
              command: aws
        contexts:
        - name: token
          context: {cluster: prod, user: alice, namespace: team-a}
        - name: cert
          context: {cluster: prod, user: bob}
        - name: files
          context: {cluster: files, user: carol}
        - name: token-file
          context: {cluster: insecure, user: dave}
        - name: anonymous
          context: {cluster: insecure}
        - name: exec
          context: {cluster: prod, user: eve}
        - name: ghost-user
          context: {cluster: prod, user: mallory}
        - name: ghost-cluster
          context: {cluster: nowhere, user: alice}
        """
    }

    @Test func currentContextWithBearerTokenAndCAData() throws {
        let configuration = try KubernetesConfiguration.kubeconfig(yaml: Self.kubeconfig(), path: "/k/config")
        #expect(configuration.server == "https://k8s.example.test:6443")
        #expect(configuration.namespace == "team-a")
        #expect(configuration.authorization == .bearerToken("s3cr3t"))
        #expect(configuration.tls.certificateAuthorityPEM == Array(TestPEM.ca.utf8))
        #expect(configuration.tls.insecureSkipVerify == false)
        #expect(configuration.source.contains("/k/config"))
        #expect(configuration.source.contains("context token"))
    }

    @Test func explicitContextWithClientCertificateData() async throws {
        let configuration = try KubernetesConfiguration.kubeconfig(
            yaml: Self.kubeconfig(), path: "/k/config", context: "cert")
        #expect(configuration.namespace == "default")
        #expect(configuration.authorization == .none)
        #expect(configuration.tls.clientCertificatePEM == Array(TestPEM.clientCertificate.utf8))
        #expect(configuration.tls.clientKeyPEM == Array(TestPEM.clientKey.utf8))
        // The TLS material is accepted by NIOSSL when a client is made.
        let client = try KubernetesClient(configuration: configuration)
        try await client.shutdown()
    }

    @Test func relativeFilePathsResolveAgainstTheKubeconfigDirectory() throws {
        let directory = try TemporaryDirectory()
        try directory.write("pki/ca.crt", TestPEM.ca)
        try directory.write("pki/client.crt", TestPEM.clientCertificate)
        try directory.write("pki/client.key", TestPEM.clientKey)
        let path = try directory.write("config", Self.kubeconfig())

        let configuration = try KubernetesConfiguration.kubeconfig(atPath: path, context: "files")
        #expect(configuration.server == "https://files.example.test")
        #expect(configuration.tls.certificateAuthorityPEM == Array(TestPEM.ca.utf8))
        #expect(configuration.tls.clientCertificatePEM == Array(TestPEM.clientCertificate.utf8))
        #expect(configuration.tls.clientKeyPEM == Array(TestPEM.clientKey.utf8))
    }

    @Test func tokenFileAndInsecureSkipTLSVerify() throws {
        let directory = try TemporaryDirectory()
        let tokenPath = try directory.write("dave.token", "file-token\n")
        let path = try directory.write("config", Self.kubeconfig())

        let configuration = try KubernetesConfiguration.kubeconfig(atPath: path, context: "token-file")
        #expect(configuration.authorization == .bearerTokenFile(path: tokenPath))
        #expect(configuration.tls.insecureSkipVerify)
        #expect(configuration.server == "https://insecure.example.test/")
    }

    @Test func contextWithoutUserHasNoAuthorization() throws {
        let configuration = try KubernetesConfiguration.kubeconfig(
            yaml: Self.kubeconfig(), path: "/k/config", context: "anonymous")
        #expect(configuration.authorization == .none)
        #expect(configuration.tls.clientCertificatePEM == nil)
    }

    @Test(arguments: [
        ("missing", "contexts", "context \"missing\" not found"),
        ("ghost-user", "contexts[ghost-user].context.user", "unknown user \"mallory\""),
        ("ghost-cluster", "contexts[ghost-cluster].context.cluster", "unknown cluster \"nowhere\""),
        ("exec", "users[eve].user.exec", "credential plugins are not supported"),
        ("files", "clusters[files].cluster.certificate-authority", "cannot read /k/pki/ca.crt"),
        ("token-file", "users[dave].user.tokenFile", "cannot read /k/dave.token"),
    ])
    func errorsNameTheFileAndField(context: String, field: String, message: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try KubernetesConfiguration.kubeconfig(yaml: Self.kubeconfig(), path: "/k/config", context: context)
        }
        #expect(error.source.contains("/k/config"))
        #expect(error.field == field)
        #expect(error.message.contains(message), "\(error)")
    }

    @Test func invalidCertificateAuthorityDataIsReported() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try KubernetesConfiguration.kubeconfig(yaml: Self.kubeconfig(caData: "not*base64"), path: "/k/config")
        }
        #expect(error.field == "clusters[prod].cluster.certificate-authority-data")
        #expect(error.message.contains("base64"))

        let notPEM = try #require(throws: ConfigurationError.self) {
            try KubernetesConfiguration.kubeconfig(yaml: Self.kubeconfig(caData: "hello".base64), path: "/k/config")
        }
        #expect(notPEM.field == "clusters[prod].cluster.certificate-authority-data")
        #expect(notPEM.message.contains("PEM"))
    }

    @Test func missingCurrentContextAndMalformedFiles() throws {
        let noCurrent = try #require(throws: ConfigurationError.self) {
            try KubernetesConfiguration.kubeconfig(yaml: "clusters: []\n", path: "/k/empty")
        }
        #expect(noCurrent.field == "current-context")

        let wrongType = try #require(throws: ConfigurationError.self) {
            try KubernetesConfiguration.kubeconfig(yaml: "clusters: 7\n", path: "/k/bad")
        }
        #expect(wrongType.source == "kubeconfig /k/bad")
        #expect(wrongType.field == "clusters")

        let unreadable = try #require(throws: ConfigurationError.self) {
            try KubernetesConfiguration.kubeconfig(atPath: "/nonexistent/kubeconfig")
        }
        #expect(unreadable.source == "kubeconfig /nonexistent/kubeconfig")
        #expect(unreadable.message.contains("cannot read"))
    }

    @Test func clusterWithoutServerIsReported() throws {
        let yaml = """
            current-context: c
            clusters: [{name: x, cluster: {insecure-skip-tls-verify: true}}]
            contexts: [{name: c, context: {cluster: x}}]
            """
        let error = try #require(throws: ConfigurationError.self) {
            try KubernetesConfiguration.kubeconfig(yaml: yaml, path: "/k/config")
        }
        #expect(error.field == "clusters[x].cluster.server")
    }

    @Test func kubeconfigEnvironmentMergesFilesFirstWins() throws {
        let directory = try TemporaryDirectory()
        let first = try directory.write(
            "first",
            """
            current-context: one
            clusters: [{name: shared, cluster: {server: "http://127.0.0.1:1"}}]
            contexts: [{name: one, context: {cluster: shared, namespace: first}}]
            """)
        let second = try directory.write(
            "second",
            """
            current-context: two
            clusters: [{name: shared, cluster: {server: "http://127.0.0.1:2"}}]
            users: [{name: u, user: {token: from-second}}]
            contexts: [{name: two, context: {cluster: shared, user: u}}]
            """)
        let environment = ["KUBECONFIG": "\(directory.path)/missing:\(first):\(second)", "HOME": directory.path]

        let one = try KubernetesConfiguration.resolve(environment: environment)
        #expect(one.server == "http://127.0.0.1:1")
        #expect(one.namespace == "first")

        let two = try KubernetesConfiguration.resolve(context: "two", environment: environment)
        #expect(two.server == "http://127.0.0.1:1")  // the first file's cluster "shared" wins
        #expect(two.authorization == .bearerToken("from-second"))
    }

    @Test func resolutionOrder() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "home/.kube/config",
            """
            current-context: home
            clusters: [{name: c, cluster: {server: "https://home.example.test"}}]
            contexts: [{name: home, context: {cluster: c}}]
            """)
        let explicit = try directory.write(
            "explicit",
            """
            current-context: e
            clusters: [{name: c, cluster: {server: "https://explicit.example.test"}}]
            contexts: [{name: e, context: {cluster: c}}]
            """)
        let home = directory.path + "/home"

        #expect(
            try KubernetesConfiguration.resolve(kubeconfigPath: explicit, environment: ["HOME": home]).server
                == "https://explicit.example.test")
        #expect(try KubernetesConfiguration.resolve(environment: ["HOME": home]).server == "https://home.example.test")

        let missingKubeconfig = try #require(throws: ConfigurationError.self) {
            try KubernetesConfiguration.resolve(environment: ["KUBECONFIG": "/nonexistent", "HOME": home])
        }
        #expect(missingKubeconfig.field == "KUBECONFIG")

        let nothing = try #require(throws: ConfigurationError.self) {
            try KubernetesConfiguration.resolve(environment: ["HOME": directory.path])
        }
        #expect(nothing.message.contains("no Kubernetes configuration"))
    }
}

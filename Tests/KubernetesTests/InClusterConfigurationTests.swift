import Kubernetes
import Testing

@Suite("in-cluster configuration")
struct InClusterConfigurationTests {
    static let environment = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]

    @Test func readsTheServiceAccountFiles() throws {
        let directory = try TemporaryDirectory()
        try directory.write("token", "sa-token\n")
        try directory.write("ca.crt", TestPEM.ca)
        try directory.write("namespace", "allocator\n")

        let configuration = try KubernetesConfiguration.inCluster(
            serviceAccountDirectory: directory.path, environment: Self.environment)
        #expect(configuration.server == "https://10.96.0.1:443")
        #expect(configuration.namespace == "allocator")
        #expect(configuration.authorization == .bearerTokenFile(path: directory.path + "/token"))
        #expect(configuration.tls.certificateAuthorityPEM == Array(TestPEM.ca.utf8))
    }

    @Test func ipv6HostAndDefaultNamespace() throws {
        let directory = try TemporaryDirectory()
        try directory.write("token", "t")
        try directory.write("ca.crt", TestPEM.ca)

        let configuration = try KubernetesConfiguration.inCluster(
            serviceAccountDirectory: directory.path,
            environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"])
        #expect(configuration.server == "https://[fd00::1]:6443")
        #expect(configuration.namespace == "default")
    }

    @Test func resolveFallsBackToInCluster() throws {
        let directory = try TemporaryDirectory()
        try directory.write("token", "t")
        try directory.write("ca.crt", TestPEM.ca)
        var environment = Self.environment
        environment["HOME"] = directory.path  // no .kube/config there

        let configuration = try KubernetesConfiguration.resolve(
            environment: environment, serviceAccountDirectory: directory.path)
        #expect(configuration.source.hasPrefix("in-cluster configuration"))
    }

    @Test func missingPiecesAreNamed() throws {
        let directory = try TemporaryDirectory()
        let noHost = try #require(throws: ConfigurationError.self) {
            try KubernetesConfiguration.inCluster(serviceAccountDirectory: directory.path, environment: [:])
        }
        #expect(noHost.field == "KUBERNETES_SERVICE_HOST")

        let noToken = try #require(throws: ConfigurationError.self) {
            try KubernetesConfiguration.inCluster(
                serviceAccountDirectory: directory.path, environment: Self.environment)
        }
        #expect(noToken.field == directory.path + "/token")

        try directory.write("token", "t")
        let noCA = try #require(throws: ConfigurationError.self) {
            try KubernetesConfiguration.inCluster(
                serviceAccountDirectory: directory.path, environment: Self.environment)
        }
        #expect(noCA.field == directory.path + "/ca.crt")
        #expect(noCA.message.contains("cluster CA"))
    }
}

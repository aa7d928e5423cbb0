import Foundation

extension KubernetesConfiguration {
    /// The directory in which Kubernetes mounts a pod's service-account token, CA and namespace.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The configuration of a pod talking to its own cluster: the API server from
    /// `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT`, and the files `token`, `ca.crt`
    /// and `namespace` of the service-account directory.
    ///
    /// The token is read again at most once a minute, as Kubernetes rotates it.
    ///
    /// - Parameters:
    ///   - directory: The service-account directory (injectable for tests).
    ///   - environment: The process environment (injectable for tests).
    public static func inCluster(
        serviceAccountDirectory directory: String = serviceAccountDirectory,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> KubernetesConfiguration {
        let source = "in-cluster configuration"
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty else {
            throw ConfigurationError(source: source, field: "KUBERNETES_SERVICE_HOST", message: "not set")
        }
        guard let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty else {
            throw ConfigurationError(source: source, field: "KUBERNETES_SERVICE_PORT", message: "not set")
        }
        let tokenPath = (directory as NSString).appendingPathComponent("token")
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw ConfigurationError(source: source, field: tokenPath, message: "cannot read the service-account token")
        }
        let caPath = (directory as NSString).appendingPathComponent("ca.crt")
        guard let ca = FileManager.default.contents(atPath: caPath) else {
            throw ConfigurationError(source: source, field: caPath, message: "cannot read the cluster CA")
        }
        try TLSSettingsValidator.validateCertificates([UInt8](ca), source: source, field: caPath)

        let namespacePath = (directory as NSString).appendingPathComponent("namespace")
        let namespace = (try? String(contentsOfFile: namespacePath, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let hostInURL = host.contains(":") ? "[\(host)]" : host  // an IPv6 address
        return KubernetesConfiguration(
            server: "https://\(hostInURL):\(port)",
            namespace: namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default",
            authorization: .bearerTokenFile(path: tokenPath),
            tls: TLS(certificateAuthorityPEM: [UInt8](ca)),
            source: "\(source) (\(directory))")
    }
}

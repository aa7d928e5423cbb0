import Foundation

extension KubernetesConfiguration {
    /// Finds the configuration the way `kubectl` does, first match wins:
    ///
    /// 1. `kubeconfigPath`, when given;
    /// 2. the files of `KUBECONFIG` (colon-separated, merged; missing files are skipped);
    /// 3. `$HOME/.kube/config`, when it exists;
    /// 4. the in-cluster service account, when `KUBERNETES_SERVICE_HOST` is set.
    ///
    /// - Parameters:
    ///   - kubeconfigPath: An explicit kubeconfig file (e.g. from a `--kubeconfig` option).
    ///   - context: A context overriding `current-context` (kubeconfig only).
    ///   - environment: The process environment (injectable for tests).
    ///   - serviceAccountDirectory: Where the in-cluster files are (injectable for tests).
    public static func resolve(
        kubeconfigPath: String? = nil,
        context: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        serviceAccountDirectory: String = serviceAccountDirectory
    ) throws -> KubernetesConfiguration {
        if let kubeconfigPath {
            return try kubeconfig(atPath: kubeconfigPath, context: context)
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            let paths = list.split(separator: ":").map(String.init)
                .filter { FileManager.default.fileExists(atPath: $0) }
            guard !paths.isEmpty else {
                throw ConfigurationError(
                    source: "environment", field: "KUBECONFIG", message: "none of the files exists: \(list)")
            }
            return try kubeconfig(atPaths: paths, context: context)
        }
        if let home = environment["HOME"], !home.isEmpty {
            let path = (home as NSString).appendingPathComponent(".kube/config")
            if FileManager.default.fileExists(atPath: path) {
                return try kubeconfig(atPath: path, context: context)
            }
        }
        if environment["KUBERNETES_SERVICE_HOST"] != nil {
            return try inCluster(serviceAccountDirectory: serviceAccountDirectory, environment: environment)
        }
        throw ConfigurationError(
            source: "environment",
            message: "no Kubernetes configuration: no kubeconfig given, KUBECONFIG is unset, "
                + "$HOME/.kube/config does not exist and KUBERNETES_SERVICE_HOST is unset")
    }
}

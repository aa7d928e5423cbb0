/// A client of one Kubernetes API server.
///
/// Get typed handles for the kinds it serves with ``deployments(namespace:)``,
/// ``secrets(namespace:)`` and the like, or ``resources(_:namespace:)`` for any
/// ``KubernetesObject`` type. The client holds an HTTP connection pool: call ``shutdown()``
/// when done, or use ``withClient(configuration:_:)``.
///
/// ```swift
/// let configuration = try KubernetesConfiguration.resolve()
/// try await KubernetesClient.withClient(configuration: configuration) { client in
///     let deployments = client.deployments()
///     var web = try await deployments.get("web")
///     web.replicas = 3
///     _ = try await deployments.replace(web)
/// }
/// ```
public final class KubernetesClient: Sendable {
    /// The configuration the client was made with.
    public let configuration: KubernetesConfiguration

    let transport: HTTPTransport

    /// Makes a client; no connection is opened until the first request.
    ///
    /// - Throws: ``ConfigurationError`` when the TLS material cannot be used.
    public init(configuration: KubernetesConfiguration) throws {
        self.configuration = configuration
        self.transport = try HTTPTransport(configuration: configuration)
    }

    /// Closes the connections. The client must not be used afterwards.
    public func shutdown() async throws {
        try await transport.shutdown()
    }

    /// Runs `body` with a new client and shuts the client down afterwards, whether `body`
    /// returns or throws.
    public static func withClient<Result: Sendable>(
        configuration: KubernetesConfiguration,
        _ body: (KubernetesClient) async throws -> Result
    ) async throws -> Result {
        let client = try KubernetesClient(configuration: configuration)
        let result: Result
        do {
            result = try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }

    /// A handle on the objects of type `Object` in `namespace` (the configuration's namespace
    /// when `nil`; ignored for cluster-scoped kinds).
    public func resources<Object: KubernetesObject>(
        _ type: Object.Type, namespace: String? = nil
    ) -> ResourceClient<Object> {
        ResourceClient(
            transport: transport,
            namespace: Object.resourceType.isNamespaced ? (namespace ?? configuration.namespace) : nil)
    }
}

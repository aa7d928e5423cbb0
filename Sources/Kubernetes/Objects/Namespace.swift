/// A core/v1 Namespace (cluster-scoped).
public struct Namespace: KubernetesObject {
    public static let resourceType = ResourceType(
        group: "", version: "v1", plural: "namespaces", kind: "Namespace", isNamespaced: false)

    public var json: JSONValue

    public init(json: JSONValue) { self.json = json }

    /// `status.phase`: `Active` or `Terminating`.
    public var phase: String? { json[path: "status", "phase"]?.stringValue }
}

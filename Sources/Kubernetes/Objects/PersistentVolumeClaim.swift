/// A core/v1 PersistentVolumeClaim.
public struct PersistentVolumeClaim: KubernetesObject {
    public static let resourceType = ResourceType(
        group: "", version: "v1", plural: "persistentvolumeclaims", kind: "PersistentVolumeClaim",
        isNamespaced: true)

    public var json: JSONValue

    public init(json: JSONValue) { self.json = json }

    /// `spec.accessModes`, e.g. `["ReadWriteOnce"]`; a real API server requires at least one.
    public var accessModes: [String] {
        get { json[path: "spec", "accessModes"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        set { json[path: "spec", "accessModes"] = .array(newValue.map(JSONValue.string)) }
    }

    /// `spec.resources.requests.storage`, e.g. `"1Gi"`; a real API server requires it.
    public var storageRequest: String? {
        get { json[path: "spec", "resources", "requests", "storage"]?.stringValue }
        set { json[path: "spec", "resources", "requests", "storage"] = newValue.map(JSONValue.string) }
    }

    /// `spec.storageClassName`.
    public var storageClassName: String? {
        get { json[path: "spec", "storageClassName"]?.stringValue }
        set { json[path: "spec", "storageClassName"] = newValue.map(JSONValue.string) }
    }

    /// `status.phase`: `Pending`, `Bound` or `Lost`.
    public var phase: String? { json[path: "status", "phase"]?.stringValue }
}

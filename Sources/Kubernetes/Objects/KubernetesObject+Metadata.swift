extension KubernetesObject {
    /// `apiVersion`.
    public var apiVersion: String? { json["apiVersion"]?.stringValue }

    /// `kind`.
    public var kind: String? { json["kind"]?.stringValue }

    /// `metadata.name`.
    public var name: String? {
        get { json[path: "metadata", "name"]?.stringValue }
        set { json[path: "metadata", "name"] = newValue.map(JSONValue.string) }
    }

    /// `metadata.namespace`.
    public var namespace: String? {
        get { json[path: "metadata", "namespace"]?.stringValue }
        set { json[path: "metadata", "namespace"] = newValue.map(JSONValue.string) }
    }

    /// `metadata.labels`; setting an empty map removes the field.
    public var labels: [String: String] {
        get { json[path: "metadata", "labels"]?.stringMap ?? [:] }
        set { json[path: "metadata", "labels"] = JSONValue.stringMap(newValue) }
    }

    /// `metadata.annotations`; setting an empty map removes the field.
    public var annotations: [String: String] {
        get { json[path: "metadata", "annotations"]?.stringMap ?? [:] }
        set { json[path: "metadata", "annotations"] = JSONValue.stringMap(newValue) }
    }

    /// `metadata.resourceVersion`: sent back on replace, a real API server rejects the update
    /// with a `Conflict` when the object changed in between. kmock sets none.
    public var resourceVersion: String? {
        get { json[path: "metadata", "resourceVersion"]?.stringValue }
        set { json[path: "metadata", "resourceVersion"] = newValue.map(JSONValue.string) }
    }

    /// `metadata.uid`, set by a real API server on create (not by kmock).
    public var uid: String? { json[path: "metadata", "uid"]?.stringValue }

    /// `metadata.generation`, which a real API server increments on every spec change (kmock
    /// sets none).
    public var generation: Int? { json[path: "metadata", "generation"]?.intValue }

    /// `metadata.creationTimestamp` as sent (RFC 3339).
    public var creationTimestamp: String? { json[path: "metadata", "creationTimestamp"]?.stringValue }

    /// `metadata.deletionTimestamp` as sent, present while the object is being deleted.
    public var deletionTimestamp: String? { json[path: "metadata", "deletionTimestamp"]?.stringValue }

    /// `metadata.ownerReferences`.
    public var ownerReferences: [OwnerReference] {
        get { json[path: "metadata", "ownerReferences"]?.arrayValue?.map(OwnerReference.init(json:)) ?? [] }
        set {
            json[path: "metadata", "ownerReferences"] = newValue.isEmpty ? nil : .array(newValue.map(\.json))
        }
    }
}

/// An object of the Kubernetes API, kept as its full JSON tree.
///
/// Conforming types add typed accessors over ``json`` for the fields the services use; every
/// other field (including ones a newer API server or a user's file adds) is kept untouched, so
/// reading, changing and writing back an object never loses anything.
public protocol KubernetesObject: Sendable, Hashable {
    /// Where objects of this kind live in the REST API.
    static var resourceType: ResourceType { get }

    /// The whole object as JSON.
    var json: JSONValue { get set }

    /// Wraps a JSON object as received from the API or read from a file.
    init(json: JSONValue)
}

extension KubernetesObject {
    /// A new object with `apiVersion`, `kind` and `metadata.name` (and `metadata.namespace`
    /// when given) set.
    public init(name: String, namespace: String? = nil) {
        var json: JSONValue = [
            "apiVersion": .string(Self.resourceType.apiVersion),
            "kind": .string(Self.resourceType.kind),
            "metadata": ["name": .string(name)],
        ]
        if let namespace { json[path: "metadata", "namespace"] = .string(namespace) }
        self.init(json: json)
    }

    /// Fills in `apiVersion` and `kind` when they are missing, as they are on the items of a
    /// list from a real API server, so that the object can be sent back as it is.
    mutating func fillTypeMeta() {
        if json["apiVersion"] == nil { json["apiVersion"] = .string(Self.resourceType.apiVersion) }
        if json["kind"] == nil { json["kind"] = .string(Self.resourceType.kind) }
    }

    /// Sets `metadata.namespace` to `namespace` when it is missing.
    mutating func fillNamespace(_ namespace: String?) {
        if let namespace, self.namespace == nil { self.namespace = namespace }
    }
}

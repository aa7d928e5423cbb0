/// One entry of `metadata.ownerReferences`: the object that owns this one (a ReplicaSet's
/// Deployment, a Pod's ReplicaSet).
public struct OwnerReference: Sendable, Hashable {
    /// The entry as JSON, with any fields not covered below.
    public var json: JSONValue

    /// Wraps an entry.
    public init(json: JSONValue) { self.json = json }

    /// A reference to `owner`, marked as its controller.
    public init(controller owner: some KubernetesObject) {
        var json: JSONValue = [
            "apiVersion": .string(type(of: owner).resourceType.apiVersion),
            "kind": .string(type(of: owner).resourceType.kind),
            "name": .string(owner.name ?? ""),
            "controller": true,
        ]
        json["uid"] = owner.uid.map(JSONValue.string)
        self.json = json
    }

    /// `apiVersion` of the owner.
    public var apiVersion: String? { json["apiVersion"]?.stringValue }
    /// `kind` of the owner.
    public var kind: String? { json["kind"]?.stringValue }
    /// `name` of the owner.
    public var name: String? { json["name"]?.stringValue }
    /// `uid` of the owner.
    public var uid: String? { json["uid"]?.stringValue }
    /// Whether the owner is the managing controller.
    public var isController: Bool { json["controller"]?.boolValue ?? false }
}

/// Where a kind of object lives in the REST API: its group, version, plural and scope.
public struct ResourceType: Sendable, Hashable, CustomStringConvertible {
    /// The API group, `""` for the core group (`/api/v1`).
    public var group: String
    /// The API version within the group, e.g. `v1`.
    public var version: String
    /// The plural resource name used in URLs, e.g. `deployments`.
    public var plural: String
    /// The kind written in objects, e.g. `Deployment`.
    public var kind: String
    /// Whether objects live in a namespace (`false` for cluster-scoped kinds such as Namespace).
    public var isNamespaced: Bool

    /// Describes a resource type.
    public init(group: String, version: String, plural: String, kind: String, isNamespaced: Bool) {
        self.group = group
        self.version = version
        self.plural = plural
        self.kind = kind
        self.isNamespaced = isNamespaced
    }

    /// The `apiVersion` written in objects: `v1` for the core group, `GROUP/VERSION` otherwise.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The URL path of the collection, in `namespace` for namespaced kinds (all namespaces when
    /// `nil`).
    public func collectionPath(namespace: String?) -> String {
        let prefix = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if isNamespaced, let namespace {
            return "\(prefix)/namespaces/\(PathComponent.escape(namespace))/\(plural)"
        }
        return "\(prefix)/\(plural)"
    }

    /// The URL path of one object.
    public func objectPath(namespace: String?, name: String) -> String {
        "\(collectionPath(namespace: namespace))/\(PathComponent.escape(name))"
    }

    public var description: String { group.isEmpty ? "\(plural)/\(version)" : "\(plural).\(version).\(group)" }
}

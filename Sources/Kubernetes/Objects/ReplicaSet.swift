/// An apps/v1 ReplicaSet; the deployment controller makes one per revision of a Deployment.
public struct ReplicaSet: KubernetesObject {
    public static let resourceType = ResourceType(
        group: "apps", version: "v1", plural: "replicasets", kind: "ReplicaSet", isNamespaced: true)

    public var json: JSONValue

    public init(json: JSONValue) { self.json = json }

    /// The Deployment revision this ReplicaSet holds (annotation
    /// `deployment.kubernetes.io/revision`).
    public var revision: Int? { annotations[Deployment.revisionAnnotation].flatMap { Int($0) } }

    /// `spec.replicas`.
    public var replicas: Int? { json[path: "spec", "replicas"]?.intValue }

    /// `spec.template`: the pod template of that revision.
    public var template: JSONValue? { json[path: "spec", "template"] }
}

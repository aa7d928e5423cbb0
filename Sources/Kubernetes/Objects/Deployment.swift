/// An apps/v1 Deployment.
public struct Deployment: KubernetesObject {
    public static let resourceType = ResourceType(
        group: "apps", version: "v1", plural: "deployments", kind: "Deployment", isNamespaced: true)

    public var json: JSONValue

    public init(json: JSONValue) { self.json = json }

    /// The annotation in which the deployment controller records the revision of a Deployment
    /// and of each of its ReplicaSets.
    public static let revisionAnnotation = "deployment.kubernetes.io/revision"

    /// `spec.replicas`; the API server defaults a missing value to 1.
    public var replicas: Int? {
        get { json[path: "spec", "replicas"]?.intValue }
        set { json[path: "spec", "replicas"] = newValue.map { .integer(Int64($0)) } }
    }

    /// `spec.selector.matchLabels`.
    public var selectorLabels: [String: String] {
        get { json[path: "spec", "selector", "matchLabels"]?.stringMap ?? [:] }
        set { json[path: "spec", "selector", "matchLabels"] = JSONValue.stringMap(newValue) }
    }

    /// `spec.template`: the pod template, as JSON.
    public var template: JSONValue? {
        get { json[path: "spec", "template"] }
        set { json[path: "spec", "template"] = newValue }
    }

    /// `spec.template.metadata.labels`.
    public var templateLabels: [String: String] {
        get { json[path: "spec", "template", "metadata", "labels"]?.stringMap ?? [:] }
        set { json[path: "spec", "template", "metadata", "labels"] = JSONValue.stringMap(newValue) }
    }

    /// `spec.template.spec.containers`.
    public var containers: [Container] {
        get { json[path: "spec", "template", "spec", "containers"]?.arrayValue?.map(Container.init(json:)) ?? [] }
        set { json[path: "spec", "template", "spec", "containers"] = .array(newValue.map(\.json)) }
    }

    /// `spec.template.spec.initContainers`; setting an empty array removes the field.
    public var initContainers: [Container] {
        get {
            json[path: "spec", "template", "spec", "initContainers"]?.arrayValue?.map(Container.init(json:)) ?? []
        }
        set {
            json[path: "spec", "template", "spec", "initContainers"] =
                newValue.isEmpty ? nil : .array(newValue.map(\.json))
        }
    }

    /// `spec.template.spec.volumes`; setting an empty array removes the field.
    public var volumes: [Volume] {
        get { json[path: "spec", "template", "spec", "volumes"]?.arrayValue?.map(Volume.init(json:)) ?? [] }
        set {
            json[path: "spec", "template", "spec", "volumes"] = newValue.isEmpty ? nil : .array(newValue.map(\.json))
        }
    }

    /// `metadata.annotations["deployment.kubernetes.io/revision"]`, set by the deployment
    /// controller of a real cluster.
    public var revision: Int? { annotations[Self.revisionAnnotation].flatMap { Int($0) } }

    /// `status`, as far as the rollout needs it (all zero when absent, as on kmock).
    public var status: DeploymentStatus { DeploymentStatus(json: json["status"] ?? .object([:])) }
}

/// A core/v1 Pod.
public struct Pod: KubernetesObject {
    public static let resourceType = ResourceType(
        group: "", version: "v1", plural: "pods", kind: "Pod", isNamespaced: true)

    public var json: JSONValue

    public init(json: JSONValue) { self.json = json }

    /// `spec.containers`.
    public var containers: [Container] {
        get { json[path: "spec", "containers"]?.arrayValue?.map(Container.init(json:)) ?? [] }
        set { json[path: "spec", "containers"] = .array(newValue.map(\.json)) }
    }

    /// `spec.nodeName`, set once the pod is scheduled.
    public var nodeName: String? { json[path: "spec", "nodeName"]?.stringValue }

    /// `status.phase`: `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
    public var phase: String? { json[path: "status", "phase"]?.stringValue }

    /// `status.podIP`.
    public var podIP: String? { json[path: "status", "podIP"]?.stringValue }

    /// `status.conditions`.
    public var conditions: [Condition] {
        json[path: "status", "conditions"]?.arrayValue?.map(Condition.init(json:)) ?? []
    }
}

/// A core/v1 Service.
public struct Service: KubernetesObject {
    public static let resourceType = ResourceType(
        group: "", version: "v1", plural: "services", kind: "Service", isNamespaced: true)

    public var json: JSONValue

    public init(json: JSONValue) { self.json = json }

    /// `spec.type`: `ClusterIP` (the default), `NodePort`, `LoadBalancer` or `ExternalName`.
    public var type: String? {
        get { json[path: "spec", "type"]?.stringValue }
        set { json[path: "spec", "type"] = newValue.map(JSONValue.string) }
    }

    /// `spec.selector`: the labels of the pods that back the service.
    public var selector: [String: String] {
        get { json[path: "spec", "selector"]?.stringMap ?? [:] }
        set { json[path: "spec", "selector"] = JSONValue.stringMap(newValue) }
    }

    /// `spec.ports` as JSON.
    public var ports: [JSONValue] {
        get { json[path: "spec", "ports"]?.arrayValue ?? [] }
        set { json[path: "spec", "ports"] = .array(newValue) }
    }

    /// Adds a TCP port forwarding `port` to `targetPort` of the pods.
    public mutating func addPort(name: String, port: Int, targetPort: Int) {
        ports.append([
            "name": .string(name), "protocol": "TCP",
            "port": .integer(Int64(port)), "targetPort": .integer(Int64(targetPort)),
        ])
    }

    /// `spec.clusterIP`, assigned by a real API server.
    public var clusterIP: String? { json[path: "spec", "clusterIP"]?.stringValue }
}

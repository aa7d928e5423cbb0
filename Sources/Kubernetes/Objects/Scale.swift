/// The `/scale` subresource of a Deployment (autoscaling/v1 Scale).
public struct Scale: Sendable, Hashable {
    /// The desired number of replicas (`spec.replicas`).
    public var replicas: Int
    /// The current number of replicas (`status.replicas`), 0 when unknown.
    public var currentReplicas: Int

    /// Reads either a Scale object or, from a server without the subresource, the Deployment
    /// itself: both keep these numbers at `spec.replicas` and `status.replicas`.
    init(json: JSONValue) {
        self.replicas = json[path: "spec", "replicas"]?.intValue ?? 1
        self.currentReplicas = json[path: "status", "replicas"]?.intValue ?? 0
    }
}

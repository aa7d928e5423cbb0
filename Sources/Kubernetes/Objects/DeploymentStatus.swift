/// The `status` of a Deployment, read-only.
public struct DeploymentStatus: Sendable, Hashable {
    /// The status as JSON.
    public var json: JSONValue

    /// Wraps a `status` object.
    public init(json: JSONValue) { self.json = json }

    /// `status.replicas`: pods of all revisions.
    public var replicas: Int { json["replicas"]?.intValue ?? 0 }
    /// `status.updatedReplicas`: pods of the current template.
    public var updatedReplicas: Int { json["updatedReplicas"]?.intValue ?? 0 }
    /// `status.readyReplicas`.
    public var readyReplicas: Int { json["readyReplicas"]?.intValue ?? 0 }
    /// `status.availableReplicas`: ready for at least `minReadySeconds`.
    public var availableReplicas: Int { json["availableReplicas"]?.intValue ?? 0 }
    /// `status.unavailableReplicas`.
    public var unavailableReplicas: Int { json["unavailableReplicas"]?.intValue ?? 0 }
    /// `status.observedGeneration`: the generation the controller has acted on, if any.
    public var observedGeneration: Int? { json["observedGeneration"]?.intValue }
    /// `status.conditions`.
    public var conditions: [Condition] { json["conditions"]?.arrayValue?.map(Condition.init(json:)) ?? [] }

    /// The condition of the given type (`Available`, `Progressing`, `ReplicaFailure`), if any.
    public func condition(_ type: String) -> Condition? { conditions.first { $0.type == type } }
}

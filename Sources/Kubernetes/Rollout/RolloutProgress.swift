/// How far the rollout of a Deployment has come, as `kubectl rollout status` judges it.
public struct RolloutProgress: Sendable, Hashable, CustomStringConvertible {
    /// The name of the Deployment.
    public var name: String
    /// `spec.replicas` (1 when unset).
    public var desired: Int
    /// `status.replicas`: pods of all revisions.
    public var current: Int
    /// `status.updatedReplicas`: pods of the current template.
    public var upToDate: Int
    /// `status.availableReplicas`.
    public var available: Int
    /// `metadata.generation`, `nil` on kmock.
    public var generation: Int?
    /// `status.observedGeneration`, `nil` on kmock and before the controller saw the object.
    public var observedGeneration: Int?
    /// The message of a `Progressing` condition with reason `ProgressDeadlineExceeded`.
    public var deadlineExceededMessage: String?

    /// Reads the progress of a Deployment.
    public init(_ deployment: Deployment) {
        let status = deployment.status
        self.name = deployment.name ?? ""
        self.desired = deployment.replicas ?? 1
        self.current = status.replicas
        self.upToDate = status.updatedReplicas
        self.available = status.availableReplicas
        self.generation = deployment.generation
        self.observedGeneration = status.observedGeneration
        let progressing = status.condition("Progressing")
        if let progressing, progressing.reason == "ProgressDeadlineExceeded" {
            self.deadlineExceededMessage = progressing.message ?? "progress deadline exceeded"
        } else {
            self.deadlineExceededMessage = nil
        }
    }

    /// Whether the controller has seen the latest spec. Without `metadata.generation` (kmock
    /// sets none) there is nothing to wait for, so this is `true`.
    public var isObserved: Bool {
        guard let generation else { return true }
        return (observedGeneration ?? 0) >= generation
    }

    /// Whether the rollout is done: the latest spec observed, every desired replica updated,
    /// no old replica left and every updated replica available.
    public var isComplete: Bool {
        isObserved && upToDate >= desired && current <= upToDate && available >= upToDate
    }

    /// What the rollout waits for, in `kubectl rollout status` words.
    public var message: String {
        if !isObserved { return "Waiting for deployment spec update to be observed..." }
        let waiting = "Waiting for deployment \"\(name)\" rollout to finish"
        if upToDate < desired {
            return "\(waiting): \(upToDate) out of \(desired) new replicas have been updated..."
        }
        if current > upToDate {
            return "\(waiting): \(current - upToDate) old replicas are pending termination..."
        }
        if available < upToDate {
            return "\(waiting): \(available) of \(upToDate) updated replicas are available..."
        }
        return "deployment \"\(name)\" successfully rolled out"
    }

    /// `Desired: N Current: N Up-to-date: N Available: N`.
    public var description: String {
        "Desired: \(desired) Current: \(current) Up-to-date: \(upToDate) Available: \(available)"
    }
}

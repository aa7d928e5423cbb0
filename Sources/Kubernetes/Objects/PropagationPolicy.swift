/// How a delete treats the objects the deleted one owns (a Deployment's ReplicaSets and Pods).
public enum PropagationPolicy: String, Sendable, Hashable {
    /// Delete the dependents first; the object is gone once they are.
    case foreground = "Foreground"
    /// Delete the object now and the dependents afterwards.
    case background = "Background"
    /// Leave the dependents in place.
    case orphan = "Orphan"
}

/// Why a rollout wait or a rollback failed.
public enum RolloutError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The progress did not change for the stall timeout.
    case stalled(RolloutProgress, after: Duration)
    /// The controller gave up: the `Progressing` condition says `ProgressDeadlineExceeded`.
    case progressDeadlineExceeded(RolloutProgress)
    /// No ReplicaSet of the Deployment holds an earlier revision to roll back to.
    case noPreviousRevision(deployment: String)
    /// No ReplicaSet of the Deployment holds the requested revision.
    case revisionNotFound(deployment: String, revision: Int)

    public var description: String {
        switch self {
        case .stalled(let progress, let duration):
            "rollout of deployment \"\(progress.name)\" made no progress for \(duration) (\(progress))"
        case .progressDeadlineExceeded(let progress):
            "rollout of deployment \"\(progress.name)\" failed: \(progress.deadlineExceededMessage ?? "") (\(progress))"
        case .noPreviousRevision(let deployment):
            "deployment \"\(deployment)\" has no previous revision to roll back to"
        case .revisionNotFound(let deployment, let revision):
            "deployment \"\(deployment)\" has no revision \(revision)"
        }
    }
}

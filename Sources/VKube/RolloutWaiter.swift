import Kubernetes

/// `--wait`: follows a Deployment's rollout, printing each change of its progress
/// (`Desired: N Current: N Up-to-date: N Available: N`); when nothing changes for the wait
/// timeout, rolls the Deployment back to its previous revision (if asked to) and fails.
public struct RolloutWaiter: Sendable {
    /// A rollout that did not complete.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What happened, including the rollback or why there was none.
        public let message: String
        /// Whether the Deployment was rolled back to its previous revision.
        public let rolledBack: Bool
        /// The message.
        public var description: String { message }
    }

    /// The Deployments of the namespace.
    public let deployments: ResourceClient<Deployment>
    /// How often the Deployment is read.
    public let pollInterval: Duration
    /// Receives the progress lines.
    public let output: @Sendable (String) -> Void

    /// A waiter reading `deployments` every `pollInterval` and printing through `output`.
    public init(deployments: ResourceClient<Deployment>, pollInterval: Duration = .seconds(1), output: @escaping @Sendable (String) -> Void) {
        self.deployments = deployments
        self.pollInterval = pollInterval
        self.output = output
    }

    /// Waits for the rollout of `name`; see the type's description. Throws ``Failure`` when
    /// the rollout stalls or the controller gives up, and request errors.
    public func wait(_ name: String, timeout: Duration, rollBack: Bool) async throws {
        do {
            try await deployments.waitForRollout(name, pollInterval: pollInterval, stallTimeout: timeout) { output($0.description) }
        } catch let stall as RolloutError {
            guard rollBack else { throw Failure(message: "\(stall)", rolledBack: false) }
            let restored: Deployment
            do {
                restored = try await deployments.rollback(name)
            } catch {
                throw Failure(message: "\(stall), and it cannot be rolled back: \(error)", rolledBack: false)
            }
            let revision = restored.revision.map { " (from revision \($0))" } ?? ""
            throw Failure(message: "\(stall): rolled deployment \(name) back to its previous revision\(revision)", rolledBack: true)
        }
    }
}

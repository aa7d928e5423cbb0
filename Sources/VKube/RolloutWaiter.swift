import Kubernetes

/// `--wait`: follows a Deployment's rollout, printing each change of its progress
/// (`Desired: N Current: N Up-to-date: N Available: N`); when nothing changes for the wait
/// timeout, rolls the Deployment back to its previous revision (if asked to) and fails.
public struct RolloutWaiter: Sendable {
    /// The Deployments of the namespace.
    public let deployments: ResourceClient<Deployment>
    /// How often the Deployment is read.
    public let pollInterval: Duration
    /// Receives the progress lines.
    public let output: @Sendable (String) -> Void

    public init(deployments: ResourceClient<Deployment>, pollInterval: Duration = .seconds(1), output: @escaping @Sendable (String) -> Void) {
        self.deployments = deployments
        self.pollInterval = pollInterval
        self.output = output
    }

    /// Waits for the rollout of `name`; see the type's description.
    public func wait(_ name: String, timeout: Duration, rollBack: Bool) async throws {
        do {
            try await deployments.waitForRollout(name, pollInterval: pollInterval, stallTimeout: timeout) { output($0.description) }
        } catch let stall as RolloutError {
            guard rollBack else { throw VKubeError("\(stall)") }
            do {
                let restored = try await deployments.rollback(name)
                let revision = restored.revision.map { " (from revision \($0))" } ?? ""
                throw VKubeError("\(stall): rolled deployment \(name) back to its previous revision\(revision)")
            } catch let rollbackError as RolloutError {
                throw VKubeError("\(stall), and it cannot be rolled back: \(rollbackError)")
            } catch let vkubeError as VKubeError {
                throw vkubeError
            } catch {
                throw VKubeError("\(stall), and rolling it back failed: \(error)")
            }
        }
    }
}

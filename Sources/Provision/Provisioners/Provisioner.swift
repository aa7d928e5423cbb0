import Logging

/// Applies and removes one type of workload on a node. provisiond registers one per
/// workload type (``ProvisionerRegistry``).
public protocol Provisioner: Sendable {
    /// Deploys the workload and describes it. Must be idempotent: after a crash it may be asked
    /// again for a reservation it had started to deploy. Throws an error whose description
    /// says what went wrong; it becomes the error result.
    func provision(_ reservation: Provision.Reservation, on node: NodeContext) async throws -> Provision.ResultData

    /// Removes the workload. Something already gone is not an error.
    func decommission(_ entry: ProvisionState.CacheEntry, on node: NodeContext) async throws

    /// Called once at start for each applied reservation of this type, e.g. to take over or
    /// restart a container's process. The default does nothing.
    func restore(_ entry: ProvisionState.CacheEntry, on node: NodeContext) async
}

extension Provisioner {
    /// Nothing to restore.
    public func restore(_ entry: ProvisionState.CacheEntry, on node: NodeContext) async {}
}

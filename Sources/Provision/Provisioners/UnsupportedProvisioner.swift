/// A provisioner for a workload type this node has no backend for: it refuses every
/// reservation with a clear error.
public struct UnsupportedProvisioner: Provisioner {
    /// The type refused.
    public let type: Provision.WorkloadType

    /// A provisioner refusing every reservation of `type`.
    public init(type: Provision.WorkloadType) {
        self.type = type
    }

    /// The error of every reservation: "<type> workloads are not supported on this node".
    public struct NotSupported: Error, CustomStringConvertible {
        /// The type refused.
        public var type: Provision.WorkloadType
        /// The message of the error result.
        public var description: String { "\(type.name) workloads are not supported on this node" }
    }

    /// Always throws ``NotSupported``.
    public func provision(_ reservation: Provision.Reservation, on node: NodeContext) async throws -> Provision.ResultData {
        throw NotSupported(type: type)
    }

    /// Nothing of this type is ever deployed, so there is nothing to remove.
    public func decommission(_ entry: ProvisionState.CacheEntry, on node: NodeContext) async throws {}
}

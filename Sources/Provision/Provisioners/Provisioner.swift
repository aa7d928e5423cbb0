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
    public func restore(_ entry: ProvisionState.CacheEntry, on node: NodeContext) async {}
}

/// What provisioners see of the node.
public struct NodeContext: Sendable {
    /// The node's data directory (volumes, containers).
    public var dataRoot: String
    /// The node's applied reservations.
    public var cache: ReservationCache
    public var logger: Logger

    public init(dataRoot: String, cache: ReservationCache, logger: Logger) {
        self.dataRoot = dataRoot
        self.cache = cache
        self.logger = logger
    }
}

/// A provisioner for a workload type this node has no backend for: it refuses every
/// reservation with a clear error.
public struct UnsupportedProvisioner: Provisioner {
    public let type: Provision.WorkloadType

    public init(type: Provision.WorkloadType) {
        self.type = type
    }

    public struct NotSupported: Error, CustomStringConvertible {
        public var type: Provision.WorkloadType
        public var description: String { "\(type.name) workloads are not supported on this node" }
    }

    public func provision(_ reservation: Provision.Reservation, on node: NodeContext) async throws -> Provision.ResultData {
        throw NotSupported(type: type)
    }

    /// Nothing of this type is ever deployed, so there is nothing to remove.
    public func decommission(_ entry: ProvisionState.CacheEntry, on node: NodeContext) async throws {}
}

/// The provisioner of each workload type.
public struct ProvisionerRegistry: Sendable {
    private var byType: [Provision.WorkloadType: any Provisioner] = [:]

    /// Every type refused as unsupported until a provisioner is registered for it.
    public init() {}

    /// Registers `provisioner` for `type`, replacing any other.
    public mutating func register(_ provisioner: any Provisioner, for type: Provision.WorkloadType) {
        byType[type] = provisioner
    }

    /// The provisioner of `type`.
    public func provisioner(for type: Provision.WorkloadType) -> any Provisioner {
        byType[type] ?? UnsupportedProvisioner(type: type)
    }
}

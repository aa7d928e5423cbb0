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

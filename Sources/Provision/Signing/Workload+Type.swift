extension Provision.Workload {
    /// The workload type of the active arm.
    public var type: Provision.WorkloadType {
        switch self {
        case .container: .container
        case .volume: .volume
        case .network: .network
        case .zdb: .zdb
        case .debug: .debug
        case .kubernetes: .kubernetes
        }
    }
}

extension Provision.WorkloadType {
    /// The label as users write it: "container", "volume", …
    public var name: String { vdlLabel.lowercased() }

    /// The type named `name` (case-insensitive); nil if there is none.
    public init?(name: String) {
        let all: [Provision.WorkloadType] = [.container, .volume, .network, .zdb, .debug, .kubernetes]
        guard let match = all.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = match
    }

    /// Where the type comes when a batch is applied: networks, then storage, then compute.
    public var applyOrder: Int {
        switch self {
        case .network: 0
        case .volume, .zdb: 1
        case .container, .kubernetes, .debug: 2
        }
    }
}

/// Where a node's reservations come from. A source runs until its task is cancelled, handing
/// each batch to `apply` and waiting for it before it moves on; when `apply` throws, the source
/// hands the same reservations over again later rather than skipping them.
public protocol ReservationSource: Sendable {
    func run(_ apply: @escaping @Sendable ([Provision.Reservation]) async throws -> Void) async throws
}

/// Runs several sources at once (e.g. the poll source and the decommission source); the
/// engine applies their batches one at a time.
public struct CombinedSource: ReservationSource {
    public let sources: [any ReservationSource]

    public init(_ sources: [any ReservationSource]) {
        self.sources = sources
    }

    public func run(_ apply: @escaping @Sendable ([Provision.Reservation]) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for source in sources {
                group.addTask { try await source.run(apply) }
            }
            try await group.waitForAll()
        }
    }
}

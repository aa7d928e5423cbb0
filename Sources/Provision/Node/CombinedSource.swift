/// Runs several sources at once (e.g. the poll source and the decommission source); the
/// engine applies their batches one at a time.
public struct CombinedSource: ReservationSource {
    /// The sources run together.
    public let sources: [any ReservationSource]

    /// Runs `sources` together.
    public init(_ sources: [any ReservationSource]) {
        self.sources = sources
    }

    /// Runs every source until the task is cancelled or one of them throws.
    public func run(_ apply: @escaping @Sendable ([Provision.Reservation]) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for source in sources {
                group.addTask { try await source.run(apply) }
            }
            try await group.waitForAll()
        }
    }
}

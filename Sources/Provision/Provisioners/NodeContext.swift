import Logging

/// What provisioners see of the node.
public struct NodeContext: Sendable {
    /// The node's data directory (volumes, containers).
    public var dataRoot: String
    /// The node's applied reservations.
    public var cache: ReservationCache
    /// The daemon's logger.
    public var logger: Logger

    /// A context over `dataRoot` and `cache`.
    public init(dataRoot: String, cache: ReservationCache, logger: Logger) {
        self.dataRoot = dataRoot
        self.cache = cache
        self.logger = logger
    }
}

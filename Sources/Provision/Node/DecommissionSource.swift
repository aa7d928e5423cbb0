import Logging

/// Finds applied reservations that have expired, every `interval`, and hands them over for
/// decommissioning — so a node removes expired workloads even when the store is unreachable.
/// Entries whose decommission has failed `maxRounds` times are left alone (their error is
/// visible in the store).
public struct DecommissionSource: ReservationSource {
    /// The applied reservations.
    public let cache: ReservationCache
    /// How long to wait between sweeps.
    public var interval: Duration
    /// Failed decommission rounds after which an entry is left alone.
    public var maxRounds: UInt32
    /// The clock, in Unix milliseconds.
    public var now: @Sendable () -> Int64
    /// Where failures are logged.
    public var logger: Logger

    /// A source sweeping `cache` every `interval`.
    public init(cache: ReservationCache, interval: Duration = .seconds(10), maxRounds: UInt32 = 5,
                now: @escaping @Sendable () -> Int64 = { ReservationStoreService.nowMilliseconds() },
                logger: Logger = Logger(label: "provision.decommission")) {
        self.cache = cache
        self.interval = interval
        self.maxRounds = maxRounds
        self.now = now
        self.logger = logger
    }

    /// The cached reservations due for decommissioning now.
    public func expired() -> [Provision.Reservation] {
        let now = now()
        return cache.all.filter { $0.reservation.isExpired(at: now) && $0.decommissionAttempts < maxRounds }.map(\.reservation)
    }

    /// Sweeps until the task is cancelled; a batch that fails is handed over again at the next sweep.
    public func run(_ apply: @escaping @Sendable ([Provision.Reservation]) async throws -> Void) async throws {
        while !Task.isCancelled {
            let batch = expired()
            if !batch.isEmpty {
                do {
                    try await apply(batch)
                } catch {
                    logger.warning("decommissioning expired reservations failed; will retry", metadata: ["error": "\(error)"])
                }
            }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}

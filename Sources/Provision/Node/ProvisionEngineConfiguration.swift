/// How a ``ProvisionEngine`` retries.
public struct ProvisionEngineConfiguration: Sendable {
    /// Attempts at one decommission before the engine reports an error result.
    public var decommissionAttempts = 3
    /// Rounds of failed decommissions (each of `decommissionAttempts`) after which the engine
    /// leaves the workload alone: it stays in the cache with its error visible in the store.
    public var maxDecommissionRounds: UInt32 = 5
    /// Attempts at delivering a result to the store before the batch is given up (and polled
    /// again later, so nothing is skipped).
    public var deliveryAttempts = 8
    /// The first retry delay; each retry doubles it, up to `maxBackoff`.
    public var initialBackoff: Duration = .milliseconds(200)
    /// The longest retry delay.
    public var maxBackoff: Duration = .seconds(10)
    /// The clock, in Unix milliseconds (tests move it).
    public var now: @Sendable () -> Int64 = { ReservationStoreService.nowMilliseconds() }

    /// The defaults above.
    public init() {}

    /// The delay before retry `attempt` (1-based).
    public func backoff(attempt: Int) -> Duration {
        var delay = initialBackoff
        for _ in 1..<max(1, min(attempt, 32)) {
            delay = min(delay * 2, maxBackoff)
        }
        return min(delay, maxBackoff)
    }
}

import Logging
import VDLRPC

/// Long-polls the store for the node's queue from a persisted cursor.
///
/// The cursor advances (and is written) only after a batch has been applied and its outcomes
/// delivered. On any error — the store unreachable, a batch whose results could not be
/// delivered — it waits with exponential backoff and polls the same cursor again, so no
/// reservation is ever skipped; what was already applied is recognized and not applied twice.
public struct PollSource: ReservationSource {
    /// The node whose queue is polled.
    public let nodeID: String
    /// The reservation store.
    public let store: Provision.ReservationStore.Client
    /// Where the position in the queue is kept.
    public let cursor: PollCursor
    /// How long one poll may take; the store answers a little earlier when nothing arrives.
    public var pollTimeout: Duration = .seconds(30)
    /// The delay after the first failure; it doubles with each failure in a row, up to `maxBackoff`.
    public var initialBackoff: Duration = .milliseconds(200)
    /// The longest delay between retries.
    public var maxBackoff: Duration = .seconds(30)
    /// Where failures are logged.
    public var logger: Logger

    /// A source polling `store` for `nodeID` from the cursor in `cursor`.
    public init(nodeID: String, store: Provision.ReservationStore.Client, cursor: PollCursor,
                logger: Logger = Logger(label: "provision.poll")) {
        self.nodeID = nodeID
        self.store = store
        self.cursor = cursor
        self.logger = logger
    }

    /// Polls until the task is cancelled. Each round is bounded by `pollTimeout` plus the
    /// time to apply what arrived.
    public func run(_ apply: @escaping @Sendable ([Provision.Reservation]) async throws -> Void) async throws {
        var position = try cursor.load()
        var failures = 0
        logger.info("polling", metadata: ["from": "\(position)"])
        while !Task.isCancelled {
            let started = ContinuousClock.now
            do {
                let (batch, next) = try await store.poll(nodeID: nodeID, from: position, options: CallOptions(timeout: pollTimeout))
                if !batch.isEmpty { try await apply(batch) }
                if next != position {
                    try cursor.store(next)
                    position = next
                }
                failures = 0
                if batch.isEmpty && started.duration(to: .now) < .milliseconds(50) {
                    // The store answered an empty poll at once; do not spin.
                    try await Task.sleep(for: .milliseconds(200))
                }
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                failures += 1
                let delay = backoff(failures)
                logger.warning("poll failed; retrying from the same cursor", metadata: [
                    "cursor": "\(position)", "attempt": "\(failures)", "retry_in": "\(delay)", "error": "\(error)"])
                try? await Task.sleep(for: delay)
            }
        }
    }

    func backoff(_ failures: Int) -> Duration {
        var delay = initialBackoff
        for _ in 1..<max(1, min(failures, 32)) { delay = min(delay * 2, maxBackoff) }
        return min(delay, maxBackoff)
    }
}

import Synchronization

/// The stream items of one call that arrived from the peer, waiting for the application.
///
/// `push` is called on the event loop and never waits: the credit protocol bounds how many items
/// the peer may send, so a peer that sends more is breaking the protocol (`push` says so).
/// `pop` is called by the one task that consumes the stream.
final class StreamInbox: Sendable {
    /// What happened to a pushed item.
    enum PushResult { case accepted, beyondCredit, afterEnd }

    private struct State {
        /// Items the peer may still send: the initial credit plus grants, minus items received.
        var allowance: Int
        var items: [[UInt8]] = []
        var head = 0
        var finished = false
        var failure: (any Error)?
        var waiter: CheckedContinuation<[UInt8]?, any Error>?
    }

    private let state: Mutex<State>
    /// The credit this side grants the peer at the start of the call.
    let limit: Int

    init(limit: Int) {
        self.limit = limit
        self.state = Mutex(State(allowance: limit))
    }

    /// Adds an item, unless the peer has used up its credit or already ended its side.
    func push(_ item: [UInt8]) -> PushResult {
        let (result, waiter) = state.withLock { state -> (PushResult, CheckedContinuation<[UInt8]?, any Error>?) in
            if state.finished { return (.afterEnd, nil) }
            guard state.allowance > 0 else { return (.beyondCredit, nil) }
            state.allowance -= 1
            if let waiter = state.waiter {
                state.waiter = nil
                return (.accepted, waiter)
            }
            state.items.append(item)
            return (.accepted, nil)
        }
        waiter?.resume(returning: item)
        return result
    }

    /// This side granted the peer `count` more items.
    func granted(_ count: Int) {
        state.withLock { $0.allowance += count }
    }

    /// The peer closed its side: readers get the buffered items, then nil.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<[UInt8]?, any Error>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.head == state.items.count ? state.waiter : nil
        }
        waiter?.resume(returning: nil)
    }

    /// The call ended abnormally: readers get the error once the buffer is drained.
    func fail(_ error: any Error) {
        let waiter = state.withLock { state -> CheckedContinuation<[UInt8]?, any Error>? in
            if !state.finished { state.failure = error }
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(throwing: error)
    }

    /// The next item, nil at the end of the stream.
    func pop() async throws -> [UInt8]? {
        try await withCheckedThrowingContinuation { continuation in
            let result = state.withLock { state -> Result<[UInt8]?, any Error>? in
                if state.head < state.items.count {
                    let item = state.items[state.head]
                    state.head += 1
                    if state.head == state.items.count {
                        state.items.removeAll(keepingCapacity: true)
                        state.head = 0
                    }
                    return .success(item)
                }
                if state.finished {
                    if let failure = state.failure { return .failure(failure) }
                    return .success(nil)
                }
                state.waiter = continuation
                return nil
            }
            if let result { continuation.resume(with: result) }
        }
    }
}

import Synchronization

/// The stream items of one call that arrived from the peer, waiting for the application.
///
/// `push` is called on the event loop and never waits: the window bounds what the peer may
/// send, so a peer that sends beyond it is breaking the protocol (`push` says so).
/// `pop` is called by the one task that consumes the stream.
final class StreamInbox: Sendable {
    /// What happened to a pushed item.
    enum PushResult { case accepted, beyondCredit, afterEnd }

    private struct State {
        /// Bytes the peer may still send: the window plus grants, minus the cost of the items
        /// received. An item may take it below zero; none may arrive once it is not positive.
        var allowance: Int
        var items: [[UInt8]] = []
        var head = 0
        var finished = false
        var failure: (any Error)?
        var waiter: CheckedContinuation<[UInt8]?, any Error>?
    }

    private let state: Mutex<State>
    /// The window this side grants the peer at the start of the call, in bytes.
    let window: Int

    init(window: Int) {
        self.window = window
        self.state = Mutex(State(allowance: window))
    }

    /// Adds an item, unless the peer has used up its window or already ended its side.
    func push(_ item: [UInt8]) -> PushResult {
        let (result, waiter) = state.withLock { state -> (PushResult, CheckedContinuation<[UInt8]?, any Error>?) in
            if state.finished { return (.afterEnd, nil) }
            guard state.allowance > 0 else { return (.beyondCredit, nil) }
            state.allowance -= ConnectionStream.cost(of: item)
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

    /// This side granted the peer `bytes` more.
    func granted(_ bytes: Int) {
        state.withLock { $0.allowance += bytes }
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

import Synchronization

/// The stream items of one call that arrived from the peer, waiting for the application.
///
/// `push` is called on the event loop and never waits: the credit protocol bounds how many items
/// the peer may send, so a peer that sends more is breaking the protocol (`push` returns false).
/// `pop` is called by the one task that consumes the stream.
final class StreamInbox: Sendable {
    private struct State {
        var items: [[UInt8]] = []
        var head = 0
        var finished = false
        var failure: (any Error)?
        var waiter: CheckedContinuation<[UInt8]?, any Error>?
    }

    private let state = Mutex(State())
    /// The most items that may be unread at once (the credit this side granted).
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Adds an item; false when it exceeds the granted credit or the stream already ended.
    func push(_ item: [UInt8]) -> Bool {
        let (accepted, waiter) = state.withLock { state -> (Bool, CheckedContinuation<[UInt8]?, any Error>?) in
            guard !state.finished, state.items.count - state.head < limit else { return (false, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (true, waiter)
            }
            state.items.append(item)
            return (true, nil)
        }
        waiter?.resume(returning: item)
        return accepted
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

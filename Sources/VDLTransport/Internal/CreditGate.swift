import Synchronization

/// The credit to send stream items of one call: `acquire` waits until the peer has granted room,
/// so a slow reader on the other side slows this writer instead of filling its memory.
final class CreditGate: Sendable {
    private struct State {
        var credit: Int
        var closed: (any Error)?
        var waiters: [CheckedContinuation<Void, any Error>] = []
    }

    private let state: Mutex<State>

    init(initial: Int) { state = Mutex(State(credit: initial)) }

    /// Takes one credit, waiting for a grant when there is none.
    func acquire() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let result = state.withLock { state -> Result<Void, any Error>? in
                if let closed = state.closed { return .failure(closed) }
                if state.credit > 0 {
                    state.credit -= 1
                    return .success(())
                }
                state.waiters.append(continuation)
                return nil
            }
            if let result { continuation.resume(with: result) }
        }
    }

    /// The peer granted `count` more items.
    func grant(_ count: Int) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.credit += count
            let n = min(state.credit, state.waiters.count)
            state.credit -= n
            let ready = Array(state.waiters.prefix(n))
            state.waiters.removeFirst(n)
            return ready
        }
        ready.forEach { $0.resume() }
    }

    /// The call ended: waiting and future senders fail with `error`.
    func close(_ error: any Error) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            if state.closed == nil { state.closed = error }
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume(throwing: error) }
    }
}

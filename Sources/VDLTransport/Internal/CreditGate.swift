import Synchronization

/// The sending side of a call's flow-control window: `acquire` waits until the peer's window has
/// room, so a slow reader on the other side slows this writer instead of filling its memory.
///
/// An item may be sent whenever the window is positive, and takes it below zero if it is larger
/// than what is left: an item larger than the whole window still goes out, one at a time.
final class CreditGate: Sendable {
    private struct State {
        var window: Int
        var closed: (any Error)?
        var waiters: [(cost: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    }

    private let state: Mutex<State>

    init(window: Int) { state = Mutex(State(window: window)) }

    /// Takes `cost` bytes of the window, waiting for a grant while it has no room.
    func acquire(_ cost: Int) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let result = state.withLock { state -> Result<Void, any Error>? in
                if let closed = state.closed { return .failure(closed) }
                if state.window > 0, state.waiters.isEmpty {
                    state.window -= cost
                    return .success(())
                }
                state.waiters.append((cost, continuation))
                return nil
            }
            if let result { continuation.resume(with: result) }
        }
    }

    /// The peer widened the window by `bytes`: waiters go, in order, while it has room.
    func grant(_ bytes: Int) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.window += bytes
            var ready: [CheckedContinuation<Void, any Error>] = []
            while state.window > 0, !state.waiters.isEmpty {
                let waiter = state.waiters.removeFirst()
                state.window -= waiter.cost
                ready.append(waiter.continuation)
            }
            return ready
        }
        ready.forEach { $0.resume() }
    }

    /// The call ended: waiting and future senders fail with `error`.
    func close(_ error: any Error) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            if state.closed == nil { state.closed = error }
            defer { state.waiters = [] }
            return state.waiters.map(\.continuation)
        }
        waiters.forEach { $0.resume(throwing: error) }
    }
}

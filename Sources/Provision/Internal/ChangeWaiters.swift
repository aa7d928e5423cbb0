import Foundation
import Synchronization

/// Long-poll waiters, keyed by node: a waiter is woken when its node's queue changes or when
/// it is finished (timed out or cancelled), whichever comes first. Registration and wake-up
/// both happen under the lock with the caller's check, so no change is lost between the
/// check and the wait.
final class ChangeWaiters: Sendable {
    private struct State {
        var waiting: [String: [UUID: CheckedContinuation<Void, Never>]] = [:]
        /// Waiters that went through registration and have not finished.
        var registered: Set<UUID> = []
        /// Waiters finished before their continuation was registered.
        var finished: Set<UUID> = []
    }

    private let state = Mutex(State())

    /// Waits until `wake(node:)`, `timeout` elapses, or the task is cancelled. `stillEmpty`
    /// runs under the lock when the waiter registers; returning false resumes at once.
    func wait(node: String, timeout: Duration, stillEmpty: @escaping @Sendable () -> Bool) async {
        let id = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = self.state.withLock { state -> Bool in
                        if state.finished.remove(id) != nil { return true }
                        state.registered.insert(id)
                        if !stillEmpty() { return true }
                        state.waiting[node, default: [:]][id] = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
            }
            await group.next()
            group.cancelAll()
            self.finish(node: node, id: id)
        }
    }

    /// Wakes every waiter of `node`.
    func wake(node: String) {
        let continuations = state.withLock { state in
            state.waiting.removeValue(forKey: node).map { Array($0.values) } ?? []
        }
        for continuation in continuations { continuation.resume() }
    }

    private func finish(node: String, id: UUID) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.registered.remove(id) == nil {
                // Not registered yet: the registration will see the mark and resume at once.
                state.finished.insert(id)
                return nil
            }
            let continuation = state.waiting[node]?.removeValue(forKey: id)
            if state.waiting[node]?.isEmpty == true { state.waiting[node] = nil }
            return continuation
        }
        continuation?.resume()
    }
}

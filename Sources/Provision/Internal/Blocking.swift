import Dispatch

/// Runs blocking system calls (connect, send) off the concurrency pool's few threads, on a
/// Dispatch queue, and awaits their result.
enum Blocking {
    static func run<T: Sendable>(on queue: DispatchQueue, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}

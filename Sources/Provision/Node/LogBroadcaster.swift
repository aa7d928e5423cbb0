import Foundation
import Logging
import Synchronization

/// Fans the daemon's log records out to subscribers, such as debug workloads that forward
/// them to a collector. Each subscriber has a bounded buffer: a slow one loses the oldest lines,
/// never slows the daemon.
public final class LogBroadcaster: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<String>.Continuation]>([:])
    /// Lines buffered per subscriber.
    public let bufferSize: Int

    /// A broadcaster buffering at most `bufferSize` lines per subscriber.
    public init(bufferSize: Int = 1000) {
        self.bufferSize = bufferSize
    }

    /// A log handler that sends each record, as one line, to every subscriber.
    public func handler(label: String) -> any LogHandler {
        BroadcastLogHandler(label: label, broadcaster: self)
    }

    /// A stream of the lines logged from now on, until ``unsubscribe(_:)``.
    public func subscribe() -> (id: UUID, lines: AsyncStream<String>) {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(bufferSize))
        let id = UUID()
        subscribers.withLock { $0[id] = continuation }
        return (id, stream)
    }

    /// Ends the subscription `id` and its stream.
    public func unsubscribe(_ id: UUID) {
        subscribers.withLock { $0.removeValue(forKey: id) }?.finish()
    }

    func publish(_ line: String) {
        let all = subscribers.withLock { Array($0.values) }
        for continuation in all { continuation.yield(line) }
    }
}

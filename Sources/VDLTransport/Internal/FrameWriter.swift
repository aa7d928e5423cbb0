import NIOCore
import Synchronization

/// Writes frames to a connection from any task, coalescing flushes: frames queued before the
/// event loop drains the queue go out with one flush, so with many calls in flight there is one
/// write system call per loop tick instead of one per frame.
final class FrameWriter: Sendable {
    private struct Queue {
        var frames: [(Wire.Frame, EventLoopPromise<Void>)] = []
        var drainScheduled = false
    }

    let channel: any Channel
    private let queue = Mutex(Queue())

    init(channel: any Channel) { self.channel = channel }

    /// Queues the frame; the future completes when it has been written (or failed).
    @discardableResult
    func write(_ frame: Wire.Frame) -> EventLoopFuture<Void> {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let schedule = queue.withLock { queue -> Bool in
            queue.frames.append((frame, promise))
            defer { queue.drainScheduled = true }
            return !queue.drainScheduled
        }
        if schedule {
            channel.eventLoop.execute { self.drain() }
        }
        return promise.futureResult
    }

    /// On the event loop: everything queued so far, then one flush. A frame queued after the
    /// queue is taken schedules the next drain, so none is left unflushed.
    private func drain() {
        let frames = queue.withLock { queue -> [(Wire.Frame, EventLoopPromise<Void>)] in
            defer {
                queue.frames.removeAll(keepingCapacity: true)
                queue.drainScheduled = false
            }
            return queue.frames
        }
        for (frame, promise) in frames {
            channel.write(frame, promise: promise)
        }
        channel.flush()
    }
}

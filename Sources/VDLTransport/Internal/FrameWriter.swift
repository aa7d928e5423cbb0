import NIOCore
import Synchronization

/// Writes frames to a connection from any task, coalescing flushes: frames queued before the
/// event loop drains the queue go out with one flush, so with many calls in flight there is one
/// write system call per loop tick instead of one per frame.
///
/// Every frame goes through the queue, also from the event loop itself, so frames reach the wire
/// in the order they were queued (a call's stream items before its final frame).
final class FrameWriter: Sendable {
    private struct Queue {
        var frames: [(Wire.Frame, EventLoopPromise<Void>?)] = []
        var drainScheduled = false
    }

    let channel: any Channel
    private let queue = Mutex(Queue())

    init(channel: any Channel) { self.channel = channel }

    /// Queues the frame; a failed write closes the connection, which fails its calls.
    func write(_ frame: Wire.Frame) {
        enqueue(frame, promise: nil)
    }

    /// Queues the frame; the future completes when it has been written (or failed).
    func writeObserved(_ frame: Wire.Frame) -> EventLoopFuture<Void> {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        enqueue(frame, promise: promise)
        return promise.futureResult
    }

    private func enqueue(_ frame: Wire.Frame, promise: EventLoopPromise<Void>?) {
        let schedule = queue.withLock { queue -> Bool in
            queue.frames.append((frame, promise))
            defer { queue.drainScheduled = true }
            return !queue.drainScheduled
        }
        // From the event loop itself this costs no wake-up: the drain runs later in this tick.
        if schedule {
            channel.eventLoop.execute { self.drain() }
        }
    }

    /// On the event loop: everything queued so far, then one flush. A frame queued after the
    /// queue is taken schedules the next drain, so none is left unflushed.
    private func drain() {
        let frames = queue.withLock { queue -> [(Wire.Frame, EventLoopPromise<Void>?)] in
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

import NIOCore

/// Runs tasks' jobs on one event loop: a call's task that prefers this executor runs its
/// handler on the connection's own thread, so serving a call needs no wake-up of another thread
/// (actor-isolated code still runs on its actor).
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}

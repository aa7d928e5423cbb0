/// A bounded single-producer, single-consumer queue of stream items: `push` waits while `capacity`
/// items are unread, so a slow reader slows the writer instead of letting memory grow.
actor MessageQueue {
    private var items: [[UInt8]] = []
    private var head = 0
    private var finished = false
    private var waitingReader: CheckedContinuation<[UInt8]?, Never>?
    private var waitingWriter: CheckedContinuation<Void, Never>?
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Appends an item, waiting for room; false once the queue is finished (the item is dropped).
    func push(_ item: [UInt8]) async -> Bool {
        while !finished, items.count - head >= capacity {
            await withCheckedContinuation { waitingWriter = $0 }
        }
        guard !finished else { return false }
        if let reader = waitingReader {
            waitingReader = nil
            reader.resume(returning: item)
        } else {
            items.append(item)
        }
        return true
    }

    /// The next item, or nil once the queue is finished and drained.
    func pop() async -> [UInt8]? {
        if head < items.count {
            let item = items[head]
            head += 1
            if head > 64, head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            resumeWriter()
            return item
        }
        if finished { return nil }
        return await withCheckedContinuation { waitingReader = $0 }
    }

    /// No more items will be pushed; a waiting reader gets nil once the buffer is drained.
    func finish() {
        finished = true
        waitingReader?.resume(returning: nil)
        waitingReader = nil
        resumeWriter()
    }

    var unread: Int { items.count - head }

    private func resumeWriter() {
        waitingWriter?.resume()
        waitingWriter = nil
    }
}

/// The heap block a ``ProtoWriter`` appends into.
///
/// `ProtoWriter` is a copyable struct, and copies of a writer share this block until one of them
/// writes. Sharing is made safe without a reference-count check on every write:
///
/// - A writer appends only at its own `used` offset, and only when `end == used`, i.e. when it
///   is the writer that wrote last to this block (or an identical copy of it). It then moves
///   `end` forward with its own `used`. A writer that finds `end != used` (another copy wrote
///   since) first moves its bytes to a block of its own.
/// - Bytes below `end` are therefore never changed by appends, so every writer's bytes
///   `0..<used` stay as it wrote them. The only writes below `used` (patching a length prefix in
///   ``ProtoWriter/writeLengthDelimited(_:)``) first check `isKnownUniquelyReferenced` and copy
///   the block when it is shared.
///
/// `ProtoWriter` is not `Sendable`, so a block is only ever used from one thread.
@usableFromInline
internal final class WriterStorage {
    /// The first byte of the block.
    @usableFromInline
    internal let base: UnsafeMutableRawPointer
    /// The size of the block in bytes.
    @usableFromInline
    internal let capacity: Int
    /// The `used` count of the writer that appended last.
    ///
    /// Dynamic exclusivity checks are off: they would cost more than the writes they guard, and
    /// the property is only ever read and assigned whole, from the one thread using the block.
    @usableFromInline @exclusivity(unchecked)
    internal var end: Int

    @usableFromInline
    internal init(capacity: Int, copying source: UnsafeRawPointer? = nil, count: Int = 0) {
        self.capacity = Swift.max(capacity, 32)
        self.base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
        if let source, count > 0 { base.copyMemory(from: source, byteCount: count) }
        self.end = count
    }

    deinit {
        base.deallocate()
    }
}

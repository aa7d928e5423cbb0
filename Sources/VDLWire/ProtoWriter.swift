/// Appends proto3 bytes to a single growing buffer.
///
/// The buffer is a manually managed heap block: each primitive checks once that there is room
/// (and that the block is not shared with a copy of this writer), then stores its bytes directly.
/// Length-delimited bodies are written in one pass: ``writeLengthDelimited(_:)`` reserves one
/// byte for the length and, if the body turns out to need a longer varint, shifts the body right
/// once, so the output always uses minimal (canonical) length prefixes.
public struct ProtoWriter {
    /// The block the bytes live in; `storage.base[0..<count]` is the output so far.
    @usableFromInline
    internal var storage: WriterStorage
    /// The number of bytes written.
    @usableFromInline
    internal var used: Int

    /// Creates an empty writer whose buffer can hold `reservingCapacity` bytes before growing.
    @inlinable
    public init(reservingCapacity: Int = 256) {
        storage = WriterStorage(capacity: reservingCapacity)
        used = 0
    }

    /// The output so far (a copy of the buffer's written bytes).
    @inlinable
    public var bytes: [UInt8] {
        [UInt8](UnsafeRawBufferPointer(start: storage.base, count: used))
    }

    /// The number of bytes written so far.
    @inlinable
    public var count: Int { used }

    /// Calls `body` with the bytes written so far, without copying them.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage.base, count: used))
    }

    // MARK: Room

    /// Makes room for `n` more bytes and returns where they go. The caller stores at most `n`
    /// bytes there and then calls ``commit(_:)`` with the number stored.
    @inlinable @inline(__always)
    internal mutating func reserve(_ n: Int) -> UnsafeMutableRawPointer {
        if _slowPath(storage.end != used || storage.capacity &- used < n) {
            grow(toHold: n)
        }
        return storage.base + used
    }

    /// Accounts for `n` bytes stored after ``reserve(_:)``.
    @inlinable @inline(__always)
    internal mutating func commit(_ n: Int) {
        used &+= n
        storage.end = used
    }

    /// Moves the bytes to a block of this writer's own with room for `n` more.
    @usableFromInline @inline(never)
    internal mutating func grow(toHold n: Int) {
        precondition(n >= 0 && n <= Int.max / 2 - used, "ProtoWriter: output too large")
        var capacity = storage.capacity
        while capacity &- used < n { capacity = capacity &* 2 }
        storage = WriterStorage(capacity: capacity, copying: storage.base, count: used)
    }

    /// Makes sure no copy of this writer shares the block, before bytes below `used` change.
    @inlinable
    internal mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) || storage.end != used {
            storage = WriterStorage(capacity: storage.capacity, copying: storage.base, count: used)
        }
    }

    // MARK: Raw primitives

    /// Appends `v` as a base-128 varint (1 to 10 bytes, minimal length).
    @inlinable
    public mutating func writeVarint(_ v: UInt64) {
        let p = reserve(10)
        var v = v
        var i = 0
        while v >= 0x80 {
            p.storeBytes(of: UInt8(truncatingIfNeeded: v) | 0x80, toByteOffset: i, as: UInt8.self)
            v &>>= 7
            i &+= 1
        }
        p.storeBytes(of: UInt8(truncatingIfNeeded: v), toByteOffset: i, as: UInt8.self)
        commit(i &+ 1)
    }

    /// Appends one byte.
    @inlinable
    internal mutating func writeByte(_ b: UInt8) {
        reserve(1).storeBytes(of: b, as: UInt8.self)
        commit(1)
    }

    /// Appends `v` as four little-endian bytes.
    @inlinable
    public mutating func writeFixed32(_ v: UInt32) {
        reserve(4).storeBytes(of: v.littleEndian, as: UInt32.self)
        commit(4)
    }

    /// Appends `v` as eight little-endian bytes.
    @inlinable
    public mutating func writeFixed64(_ v: UInt64) {
        reserve(8).storeBytes(of: v.littleEndian, as: UInt64.self)
        commit(8)
    }

    /// Appends `b` as is, with no length prefix.
    @inlinable
    public mutating func writeRawBytes(_ b: some Collection<UInt8>) {
        let done: Void? = b.withContiguousStorageIfAvailable { appendRaw(UnsafeRawBufferPointer($0)) }
        if done == nil {
            let n = b.count
            let p = reserve(n)
            var i = 0
            for byte in b.prefix(n) {
                p.storeBytes(of: byte, toByteOffset: i, as: UInt8.self)
                i &+= 1
            }
            commit(i)
        }
    }

    /// Appends the bytes of `raw`.
    @inlinable
    internal mutating func appendRaw(_ raw: UnsafeRawBufferPointer) {
        let n = raw.count
        guard n > 0, let source = raw.baseAddress else { return }
        reserve(n).copyMemory(from: source, byteCount: n)
        commit(n)
    }

    /// Appends a field key: `number << 3 | type`, as a varint.
    @inlinable
    public mutating func writeTag(_ number: Int, _ type: WireType) {
        let key = UInt64(truncatingIfNeeded: number) &<< 3 | UInt64(type.rawValue)
        if key < 0x80 {
            writeByte(UInt8(truncatingIfNeeded: key))
        } else {
            writeVarint(key)
        }
    }

    /// Writes a length prefix, then whatever `body` writes, with a canonical (minimal) varint length.
    @inlinable
    public mutating func writeLengthDelimited(_ body: (inout ProtoWriter) throws -> Void) rethrows {
        writeByte(0)
        let start = used
        try body(&self)
        let length = used &- start
        if length < 0x80 {
            makeUnique()
            storage.base.storeBytes(of: UInt8(truncatingIfNeeded: length), toByteOffset: start &- 1, as: UInt8.self)
        } else {
            fixUpLongLength(bodyStart: start, length: length)
        }
    }

    /// Replaces the one-byte placeholder before a body of `length >= 128` bytes by the body's
    /// full varint length, shifting the body right by the extra bytes.
    @usableFromInline
    internal mutating func fixUpLongLength(bodyStart: Int, length: Int) {
        let extra = varintSize(UInt64(length)) &- 1
        _ = reserve(extra)
        makeUnique()
        let base = storage.base
        // copyMemory has memmove semantics: the source and destination overlap here.
        (base + bodyStart + extra).copyMemory(from: base + bodyStart, byteCount: length)
        var v = UInt64(length)
        var i = bodyStart - 1
        while v >= 0x80 {
            base.storeBytes(of: UInt8(truncatingIfNeeded: v) | 0x80, toByteOffset: i, as: UInt8.self)
            v >>= 7
            i += 1
        }
        base.storeBytes(of: UInt8(truncatingIfNeeded: v), toByteOffset: i, as: UInt8.self)
        commit(extra)
    }
}

/// Reads proto3 bytes in place from a raw buffer, with an index and a nesting depth.
///
/// The reader never copies the input; only decoded values allocate. Every read is bounds-checked
/// and reports malformed input as a ``WireError``. The buffer must stay valid while the reader
/// is used (typically inside `withUnsafeBytes`).
public struct ProtoReader {
    /// The bytes of the message being read (for a nested reader: just the nested body).
    @usableFromInline
    internal let buffer: UnsafeRawBufferPointer
    /// The offset of the next unread byte.
    @usableFromInline
    internal var index: Int
    /// How many length-delimited levels this reader is nested below the top-level reader.
    @usableFromInline
    internal let depth: Int
    /// The most levels ``readNested(_:)`` may descend.
    @usableFromInline
    internal let depthLimit: Int

    /// Creates a reader over `buffer` that allows at most `depthLimit` nested messages.
    @inlinable
    public init(_ buffer: UnsafeRawBufferPointer, depthLimit: Int = 100) {
        self.init(buffer, depth: 0, depthLimit: depthLimit)
    }

    @inlinable
    internal init(_ buffer: UnsafeRawBufferPointer, depth: Int, depthLimit: Int) {
        self.buffer = buffer
        self.index = 0
        self.depth = depth
        self.depthLimit = depthLimit
    }

    /// True when every byte has been read.
    @inlinable
    public var isAtEnd: Bool { index >= buffer.count }

    /// The number of bytes not yet read.
    @inlinable
    public var remainingCount: Int { buffer.count &- index }

    // MARK: Raw primitives

    /// Reads the next field's tag, or returns nil at the end of the input.
    ///
    /// Field number 0, field numbers above `(1 << 29) - 1` and wire types 3, 4, 6 and 7 are errors.
    @inlinable
    public mutating func nextField() throws -> FieldTag? {
        if index >= buffer.count { return nil }
        let key = try readVarint(what: "field tag")
        guard key <= UInt64(UInt32.max) else {
            throw WireError.invalidFieldNumber(Int(truncatingIfNeeded: key &>> 3))
        }
        let number = Int(truncatingIfNeeded: key &>> 3)
        guard number != 0 else { throw WireError.invalidFieldNumber(0) }
        let rawType = UInt8(truncatingIfNeeded: key & 7)
        guard let wireType = WireType(rawValue: rawType) else { throw WireError.invalidWireType(rawType) }
        return FieldTag(number: number, wireType: wireType)
    }

    /// Skips the payload of a field this reader does not know, whatever its wire type.
    @inlinable
    public mutating func skip(_ tag: FieldTag) throws {
        switch tag.wireType {
        case .varint: _ = try readVarint()
        case .fixed64: try advance(by: 8, what: "fixed64")
        case .lengthDelimited: _ = try readLengthDelimitedBytes()
        case .fixed32: try advance(by: 4, what: "fixed32")
        }
    }

    /// Reads a base-128 varint of at most 10 bytes.
    @inlinable
    public mutating func readVarint() throws -> UInt64 {
        try readVarint(what: "varint")
    }

    /// Reads a varint; one- and two-byte values (tags, small numbers, short lengths) are read
    /// inline, longer ones by ``readVarintSlow(what:)``.
    @inlinable
    internal mutating func readVarint(what: StaticString) throws -> UInt64 {
        let i = index
        let available = buffer.count &- i
        if available >= 2 {
            let b0 = buffer[i]
            if b0 < 0x80 {
                index = i &+ 1
                return UInt64(b0)
            }
            let b1 = buffer[i &+ 1]
            if b1 < 0x80 {
                index = i &+ 2
                return UInt64(b0 & 0x7F) | UInt64(b1) &<< 7
            }
        } else if available == 1 {
            let b0 = buffer[i]
            if b0 < 0x80 {
                index = i &+ 1
                return UInt64(b0)
            }
        }
        return try readVarintSlow(what: what)
    }

    /// The multi-byte varint path: at most 10 bytes, and the 10th may only hold the 64th bit.
    @usableFromInline
    internal mutating func readVarintSlow(what: StaticString) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var i = index
        while true {
            guard i < buffer.count else { throw WireError.truncated(String(describing: what)) }
            let byte = buffer[i]
            i += 1
            if shift == 63 && byte > 1 { throw WireError.malformedVarint }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 {
                index = i
                return result
            }
            shift += 7
        }
    }

    /// Reads four little-endian bytes.
    @inlinable
    public mutating func readFixed32() throws -> UInt32 {
        guard buffer.count &- index >= 4 else { throw WireError.truncated("fixed32") }
        let v = buffer.loadUnaligned(fromByteOffset: index, as: UInt32.self)
        index &+= 4
        return UInt32(littleEndian: v)
    }

    /// Reads eight little-endian bytes.
    @inlinable
    public mutating func readFixed64() throws -> UInt64 {
        guard buffer.count &- index >= 8 else { throw WireError.truncated("fixed64") }
        let v = buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        index &+= 8
        return UInt64(littleEndian: v)
    }

    /// Reads a varint length and returns that many following bytes, in place.
    ///
    /// A length larger than the remaining input throws ``WireError/lengthTooLarge(_:remaining:)``
    /// before anything is allocated.
    @inlinable
    public mutating func readLengthDelimitedBytes() throws -> UnsafeRawBufferPointer {
        let length = try readVarint(what: "length prefix")
        let remaining = buffer.count &- index
        guard length <= UInt64(remaining) else {
            throw WireError.lengthTooLarge(Int(clamping: length), remaining: remaining)
        }
        let start = index
        index = start &+ Int(truncatingIfNeeded: length)
        return UnsafeRawBufferPointer(rebasing: buffer[start..<index])
    }

    /// Reads a length-delimited body with a sub-reader, one nesting level deeper (depth-limited).
    ///
    /// Throws ``WireError/depthLimitExceeded(_:)`` when this reader is already `depthLimit` levels deep.
    @inlinable
    public mutating func readNested<R>(_ body: (inout ProtoReader) throws -> R) throws -> R {
        guard depth < depthLimit else { throw WireError.depthLimitExceeded(depthLimit) }
        let bytes = try readLengthDelimitedBytes()
        var nested = ProtoReader(bytes, depth: depth &+ 1, depthLimit: depthLimit)
        return try body(&nested)
    }

    /// The number of bytes without the continuation bit in the unread input: the number of
    /// varints a packed run holds when it is well formed.
    @usableFromInline
    internal func countVarintEnds() -> Int {
        let end = buffer.count
        var i = index
        var continuations = 0
        while end &- i >= 8 {
            let word = buffer.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            continuations &+= (word & 0x8080_8080_8080_8080).nonzeroBitCount
            i &+= 8
        }
        while i < end {
            if buffer[i] >= 0x80 { continuations &+= 1 }
            i &+= 1
        }
        return (end &- index) &- continuations
    }

    @inlinable
    internal mutating func advance(by count: Int, what: StaticString) throws {
        guard buffer.count &- index >= count else { throw WireError.truncated(String(describing: what)) }
        index &+= count
    }
}

extension ProtoWriter {
    /// A VDL `[N]byte` about to be written as `bytes`: throws unless it has exactly `count` bytes.
    @inlinable
    public static func checkedByteArray(_ bytes: [UInt8], count: Int, type: String) throws -> [UInt8] {
        guard bytes.count == count else { throw WireError.arrayLength(type: type, expected: count, got: bytes.count) }
        return bytes
    }
}

extension ProtoReader {
    /// A VDL `[N]byte` just read: an absent field means `count` zero bytes; any other length is an error.
    @inlinable
    public static func checkedByteArray(_ bytes: [UInt8], count: Int, type: String) throws -> [UInt8] {
        if bytes.isEmpty { return [UInt8](repeating: 0, count: count) }
        guard bytes.count == count else { throw WireError.arrayLength(type: type, expected: count, got: bytes.count) }
        return bytes
    }
}

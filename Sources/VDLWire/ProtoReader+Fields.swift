extension ProtoReader {
    /// The error for a field whose wire type the codec cannot read.
    @inlinable
    internal static func mismatch(_ tag: FieldTag, expected: WireType) -> WireError {
        .wireTypeMismatch(field: tag.number, expected: expected, got: tag.wireType)
    }

    /// Reads one value of a singular field. A field that occurs more than once is decoded each
    /// time and the last occurrence wins (for message fields too: they are replaced, not merged).
    @inlinable
    public mutating func read<C: ProtoCodec>(_ tag: FieldTag, as codec: C.Type) throws -> C.Value {
        guard tag.wireType == C.wireType else { throw Self.mismatch(tag, expected: C.wireType) }
        do {
            return try C.read(from: &self)
        } catch WireError.invalidUTF8(field: .none) {
            throw WireError.invalidUTF8(field: tag.number)
        }
    }

    /// Appends the value(s) of one occurrence of a repeated field: packed or not for packable
    /// codecs, one value otherwise.
    @inlinable
    public mutating func readRepeated<C: ProtoCodec>(_ tag: FieldTag, as codec: C.Type, into values: inout [C.Value]) throws {
        if tag.wireType == C.wireType {
            let value = try read(tag, as: C.self)
            if values.capacity == 0 {
                // Unpacked fields arrive one element at a time; starting with room for a few
                // small elements (about 64 bytes' worth) skips the 1 -> 2 -> 4 regrowth.
                values.reserveCapacity(Swift.max(1, 64 / Swift.max(1, MemoryLayout<C.Value>.stride)))
            }
            values.append(value)
        } else if C.isPackable && tag.wireType == .lengthDelimited {
            var packed = ProtoReader(try readLengthDelimitedBytes(), depth: depth, depthLimit: depthLimit)
            if values.isEmpty {
                values = try packed.readPackedRun(as: C.self)
            } else {
                values.append(contentsOf: try packed.readPackedRun(as: C.self))
            }
        } else {
            throw Self.mismatch(tag, expected: C.wireType)
        }
    }

    /// Decodes every value of a packed run (this reader's whole input) into one array, allocated
    /// once: fixed kinds are sized from the byte count and varints by counting their final bytes,
    /// so the size is bounded by the input.
    @inlinable
    internal mutating func readPackedRun<C: ProtoCodec>(as codec: C.Type) throws -> [C.Value] {
        let capacity: Int
        switch C.wireType {
        case .fixed32: capacity = remainingCount / 4
        case .fixed64: capacity = remainingCount / 8
        default: capacity = countVarintEnds()
        }
        return try [C.Value](unsafeUninitializedCapacity: capacity) { storage, initialized in
            while !isAtEnd {
                let value = try C.read(from: &self)
                // Each successful read consumes one counted value (a partial last value throws
                // above), so this guard never fails; it keeps the store in bounds regardless.
                guard initialized < capacity else { throw WireError.truncated("packed values") }
                storage.initializeElement(at: initialized, to: value)
                initialized &+= 1
            }
        }
    }

    /// Inserts the value(s) of one occurrence of a set field (packed or not, like a repeated field).
    @inlinable
    public mutating func readSet<C: ProtoCodec>(_ tag: FieldTag, as codec: C.Type, into values: inout Set<C.Value>) throws {
        if tag.wireType == C.wireType {
            values.insert(try read(tag, as: C.self))
        } else if C.isPackable && tag.wireType == .lengthDelimited {
            var packed = ProtoReader(try readLengthDelimitedBytes(), depth: depth, depthLimit: depthLimit)
            while !packed.isAtEnd { values.insert(try C.read(from: &packed)) }
        } else {
            throw Self.mismatch(tag, expected: C.wireType)
        }
    }

    /// Reads one map entry `{ K key = 1; V value = 2; }` into `map`. A missing key or value is the
    /// codec default; a key seen again replaces the earlier value.
    @inlinable
    public mutating func readMapEntry<K: ProtoCodec, V: ProtoCodec>(
        _ tag: FieldTag, key: K.Type, value: V.Type, into map: inout [K.Value: V.Value]
    ) throws {
        guard tag.wireType == .lengthDelimited else { throw Self.mismatch(tag, expected: .lengthDelimited) }
        let entry = try readNested { reader -> (K.Value, V.Value) in
            var k = K.defaultValue
            var v = V.defaultValue
            while let field = try reader.nextField() {
                switch field.number {
                case 1: k = try reader.read(field, as: K.self)
                case 2: v = try reader.read(field, as: V.self)
                default: try reader.skip(field)
                }
            }
            return (k, v)
        }
        map[entry.0] = entry.1
    }

    /// Appends the element(s) of a VDL array field, like ``readRepeated(_:as:into:)``; call
    /// ``checkArray(_:count:as:)`` once the message is decoded.
    @inlinable
    public mutating func readArray<C: ProtoCodec>(_ tag: FieldTag, as codec: C.Type, into values: inout [C.Value]) throws {
        try readRepeated(tag, as: C.self, into: &values)
    }

    /// Completes a decoded VDL array: an absent (empty) array becomes `count` defaults; any other
    /// length than `count` throws ``WireError/arrayLength(type:expected:got:)``.
    @inlinable
    public static func checkArray<C: ProtoCodec>(_ values: inout [C.Value], count: Int, as codec: C.Type) throws {
        if values.count == count { return }
        if values.isEmpty && count > 0 {
            values = Array(repeating: C.defaultValue, count: count)
            return
        }
        throw WireError.arrayLength(type: arrayTypeName(count: count, element: C.Value.self),
                                    expected: count, got: values.count)
    }
}

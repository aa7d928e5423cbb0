extension ProtoWriter {
    /// Writes `value` as field `field` unless it is the codec's default (proto3 implicit presence).
    @inlinable
    public mutating func write<C: ProtoCodec>(_ value: C.Value, field: Int, as codec: C.Type) throws {
        if C.isDefault(value) { return }
        writeTag(field, C.wireType)
        try C.write(value, to: &self)
    }

    /// Writes `value` as field `field` even when it is the default (union arms, explicit presence).
    @inlinable
    public mutating func writePresent<C: ProtoCodec>(_ value: C.Value, field: Int, as codec: C.Type) throws {
        writeTag(field, C.wireType)
        try C.write(value, to: &self)
    }

    /// Writes nothing for `nil`, and otherwise writes the value even when it is the default.
    @inlinable
    public mutating func writeOptional<C: ProtoCodec>(_ value: C.Value?, field: Int, as codec: C.Type) throws {
        guard let value else { return }
        writeTag(field, C.wireType)
        try C.write(value, to: &self)
    }

    /// Writes a repeated field: packed (one length-delimited run) when `C.isPackable`, else one
    /// tagged value per element. An empty collection writes nothing.
    @inlinable
    public mutating func writeRepeated<C: ProtoCodec>(
        _ values: some Collection<C.Value>, field: Int, as codec: C.Type
    ) throws {
        if values.isEmpty { return }
        if C.isPackable {
            writeTag(field, .lengthDelimited)
            switch C.wireType {
            case .fixed32:
                writeVarint(UInt64(values.count) &* 4)
                for value in values { try C.write(value, to: &self) }
            case .fixed64:
                writeVarint(UInt64(values.count) &* 8)
                for value in values { try C.write(value, to: &self) }
            default:
                try writeLengthDelimited { writer in
                    for value in values { try C.write(value, to: &writer) }
                }
            }
        } else {
            for value in values {
                writeTag(field, C.wireType)
                try C.write(value, to: &self)
            }
        }
    }

    /// Writes a VDL set like a repeated field, with the elements ordered by their encoded bytes so
    /// that equal sets always give identical bytes.
    @inlinable
    public mutating func writeSet<C: ProtoCodec>(_ values: Set<C.Value>, field: Int, as codec: C.Type) throws {
        if values.count <= 1 {
            try writeRepeated(values, field: field, as: C.self)
            return
        }
        var scratch = ProtoWriter(reservingCapacity: values.count &* 4)
        var spans: [EncodedSpan] = []
        spans.reserveCapacity(values.count)
        for value in values {
            let start = scratch.used
            try C.write(value, to: &scratch)
            let end = scratch.used
            spans.append(EncodedSpan(start: start, keyEnd: end, end: end))
        }
        appendCanonicalElements(&spans, from: scratch, field: field,
                                packed: C.isPackable, wireType: C.wireType)
    }

    /// Writes a map as repeated entry messages `{ K key = 1; V value = 2; }` (each written with
    /// ``write(_:field:as:)``, so defaults are omitted), ordered by the encoded key bytes.
    @inlinable
    public mutating func writeMap<K: ProtoCodec, V: ProtoCodec>(
        _ map: [K.Value: V.Value], field: Int, key: K.Type, value: V.Type
    ) throws {
        if map.isEmpty { return }
        if map.count == 1, let entry = map.first {
            writeTag(field, .lengthDelimited)
            try writeLengthDelimited { writer in
                try writer.write(entry.key, field: 1, as: K.self)
                try writer.write(entry.value, field: 2, as: V.self)
            }
            return
        }
        var scratch = ProtoWriter(reservingCapacity: map.count &* 16)
        var spans: [EncodedSpan] = []
        spans.reserveCapacity(map.count)
        for (k, v) in map {
            let start = scratch.used
            try scratch.write(k, field: 1, as: K.self)
            let keyEnd = scratch.used
            try scratch.write(v, field: 2, as: V.self)
            spans.append(EncodedSpan(start: start, keyEnd: keyEnd, end: scratch.used))
        }
        appendCanonicalEntries(&spans, from: scratch, field: field)
    }

    /// Writes a VDL fixed-length array `[count]T` like a repeated field.
    ///
    /// Throws ``WireError/arrayLength(type:expected:got:)`` unless `values.count == count`; an
    /// array whose elements are all default is omitted (it decodes back through
    /// ``ProtoReader/checkArray(_:count:as:)``).
    @inlinable
    public mutating func writeArray<C: ProtoCodec>(
        _ values: [C.Value], count: Int, field: Int, as codec: C.Type
    ) throws {
        guard values.count == count else {
            throw WireError.arrayLength(type: arrayTypeName(count: count, element: C.Value.self),
                                        expected: count, got: values.count)
        }
        if values.allSatisfy({ C.isDefault($0) }) { return }
        try writeRepeated(values, field: field, as: C.self)
    }
}

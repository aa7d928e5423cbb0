/// Where one encoded set element or map entry body lies in a scratch buffer.
///
/// `start..<keyEnd` is the sort key (the element, or the entry's encoded key field) and
/// `start..<end` the whole body.
@usableFromInline
internal struct EncodedSpan {
    @usableFromInline var start: Int
    @usableFromInline var keyEnd: Int
    @usableFromInline var end: Int

    @inlinable
    init(start: Int, keyEnd: Int, end: Int) {
        self.start = start
        self.keyEnd = keyEnd
        self.end = end
    }
}

/// Lexicographic byte order (a proper prefix sorts first).
internal func bytesLess(_ raw: UnsafeRawBufferPointer, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
    let common = min(a.count, b.count)
    var i = 0
    while i < common {
        let x = raw[a.lowerBound + i]
        let y = raw[b.lowerBound + i]
        if x != y { return x < y }
        i += 1
    }
    return a.count < b.count
}

/// Sorts spans by their key bytes; ties (possible only for keys like NaN that are not equal to
/// themselves) are broken by the whole body so the order stays deterministic.
internal func sortCanonically(_ spans: inout [EncodedSpan], in raw: UnsafeRawBufferPointer) {
    spans.sort { a, b in
        let ka = a.start..<a.keyEnd
        let kb = b.start..<b.keyEnd
        if bytesLess(raw, ka, kb) { return true }
        if bytesLess(raw, kb, ka) { return false }
        return bytesLess(raw, a.start..<a.end, b.start..<b.end)
    }
}

extension ProtoWriter {
    /// Appends set elements in canonical order: one packed run, or one tagged value each.
    @usableFromInline
    internal mutating func appendCanonicalElements(
        _ spans: inout [EncodedSpan], from scratch: ProtoWriter, field: Int, packed: Bool, wireType: WireType
    ) {
        scratch.withUnsafeBytes { raw in
            sortCanonically(&spans, in: raw)
            if packed {
                writeTag(field, .lengthDelimited)
                writeVarint(UInt64(raw.count))
                for span in spans { appendRaw(UnsafeRawBufferPointer(rebasing: raw[span.start..<span.end])) }
            } else {
                for span in spans {
                    writeTag(field, wireType)
                    appendRaw(UnsafeRawBufferPointer(rebasing: raw[span.start..<span.end]))
                }
            }
        }
    }

    /// Appends map entries in canonical order, each as a length-delimited field `field`.
    @usableFromInline
    internal mutating func appendCanonicalEntries(_ spans: inout [EncodedSpan], from scratch: ProtoWriter, field: Int) {
        scratch.withUnsafeBytes { raw in
            sortCanonically(&spans, in: raw)
            for span in spans {
                writeTag(field, .lengthDelimited)
                writeVarint(UInt64(span.end - span.start))
                appendRaw(UnsafeRawBufferPointer(rebasing: raw[span.start..<span.end]))
            }
        }
    }
}

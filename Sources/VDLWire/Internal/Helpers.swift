/// The number of bytes of the minimal varint encoding of `v` (1...10).
@inlinable
internal func varintSize(_ v: UInt64) -> Int {
    // Each byte holds 7 bits; a zero value still takes one byte.
    let bits = 64 - (v | 1).leadingZeroBitCount
    return (bits + 6) / 7
}

/// The name of a fixed-width integer type in range errors: "uint8", "uint16", "int8", ...
@usableFromInline
internal func vdlIntegerName(isSigned: Bool, bitWidth: Int) -> String {
    (isSigned ? "int" : "uint") + String(bitWidth)
}

/// The error for an integer that does not fit in its VDL type.
@usableFromInline
internal func outOfRange(_ value: String, isSigned: Bool, bitWidth: Int) -> WireError {
    .valueOutOfRange("\(value) does not fit in \(vdlIntegerName(isSigned: isSigned, bitWidth: bitWidth))")
}

/// A readable name for a VDL array type in errors: "[3]Double".
@usableFromInline
internal func arrayTypeName(count: Int, element: Any.Type) -> String {
    "[\(count)]\(element)"
}

/// Decodes UTF-8 bytes into a String, or nil when they are not valid UTF-8.
///
/// Validates with ``isValidUTF8(_:count:)`` and then builds the string with
/// `String(decoding:as:)`, which then never needs to repair anything. (`String(validating:as:)`
/// does the same in one call but instantiates generic metadata on every call, which costs more
/// than the whole validation of a typical short string.)
@usableFromInline
internal func decodeUTF8(_ raw: UnsafeRawBufferPointer) -> String? {
    guard let base = raw.baseAddress, raw.count > 0 else { return "" }
    let bytes = base.assumingMemoryBound(to: UInt8.self)
    guard isValidUTF8(bytes, count: raw.count) else { return nil }
    return String(decoding: UnsafeBufferPointer(start: bytes, count: raw.count), as: UTF8.self)
}

/// True when `count` bytes at `p` are well-formed UTF-8 (Unicode Table 3-7: no overlong forms,
/// no surrogates, nothing above U+10FFFF, no truncated sequences).
internal func isValidUTF8(_ p: UnsafePointer<UInt8>, count n: Int) -> Bool {
    if isASCII(p, count: n) { return true }
    var i = 0
    while i < n {
        // ASCII fast path: eight bytes at a time.
        if n &- i >= 8 {
            let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 == 0 {
                i &+= 8
                continue
            }
        }
        let b0 = p[i]
        if b0 < 0x80 {
            i &+= 1
        } else if b0 < 0xC2 {
            return false  // a continuation byte, or an overlong 2-byte lead
        } else if b0 < 0xE0 {
            guard n &- i >= 2, p[i &+ 1] & 0xC0 == 0x80 else { return false }
            i &+= 2
        } else if b0 < 0xF0 {
            guard n &- i >= 3 else { return false }
            let b1 = p[i &+ 1]
            let b2 = p[i &+ 2]
            guard b2 & 0xC0 == 0x80 else { return false }
            switch b0 {
            case 0xE0: guard b1 >= 0xA0 && b1 <= 0xBF else { return false }  // overlong
            case 0xED: guard b1 >= 0x80 && b1 <= 0x9F else { return false }  // surrogates
            default: guard b1 & 0xC0 == 0x80 else { return false }
            }
            i &+= 3
        } else if b0 < 0xF5 {
            guard n &- i >= 4 else { return false }
            let b1 = p[i &+ 1]
            let b2 = p[i &+ 2]
            let b3 = p[i &+ 3]
            guard b2 & 0xC0 == 0x80 && b3 & 0xC0 == 0x80 else { return false }
            switch b0 {
            case 0xF0: guard b1 >= 0x90 && b1 <= 0xBF else { return false }  // overlong
            case 0xF4: guard b1 >= 0x80 && b1 <= 0x8F else { return false }  // above U+10FFFF
            default: guard b1 & 0xC0 == 0x80 else { return false }
            }
            i &+= 4
        } else {
            return false
        }
    }
    return true
}

/// True when none of the `count` bytes at `p` has its high bit set, checked a word at a time.
internal func isASCII(_ p: UnsafePointer<UInt8>, count n: Int) -> Bool {
    let raw = UnsafeRawPointer(p)
    var bits: UInt64 = 0
    if n >= 8 {
        var i = 0
        while n &- i >= 8 {
            bits |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        // The last, possibly overlapping, word covers the tail.
        bits |= raw.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
    } else {
        var i = 0
        while i < n {
            bits |= UInt64(p[i])
            i &+= 1
        }
    }
    return bits & 0x8080_8080_8080_8080 == 0
}

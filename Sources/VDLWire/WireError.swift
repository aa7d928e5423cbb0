/// Every way encoding or decoding proto3 bytes can fail.
///
/// Decoding never traps on malformed input: each problem is reported as one of these cases.
public enum WireError: Error, Equatable, CustomStringConvertible {
    /// The input ended in the middle of a value; the payload says what was being read.
    case truncated(String)
    /// A varint longer than 10 bytes, or whose 10th byte carries more than the 64th bit.
    case malformedVarint
    /// A field number of 0 or above `(1 << 29) - 1`.
    case invalidFieldNumber(Int)
    /// A tag with wire type 3, 4, 6 or 7 (groups are not supported).
    case invalidWireType(UInt8)
    /// A field arrived with a wire type its codec cannot read.
    case wireTypeMismatch(field: Int, expected: WireType, got: WireType)
    /// A length prefix larger than the bytes left in the enclosing input.
    case lengthTooLarge(Int, remaining: Int)
    /// Messages nested deeper than the reader's depth limit (the payload).
    case depthLimitExceeded(Int)
    /// A string field whose bytes are not valid UTF-8; `field` is nil when not known.
    case invalidUTF8(field: Int?)
    /// An integer that does not fit its VDL type, e.g. "300 does not fit in uint8".
    case valueOutOfRange(String)
    /// An enum number with no case in the named VDL enum.
    case unknownEnumValue(type: String, value: Int64)
    /// A fixed-length VDL array (`[N]T`) with the wrong number of elements.
    case arrayLength(type: String, expected: Int, got: Int)
    /// ``VDLAny/decode(as:)`` was asked for a type other than the one the `any` holds.
    case anyTypeMismatch(expected: String, got: String)

    /// A one-line, human-readable explanation.
    public var description: String {
        switch self {
        case .truncated(let what):
            return "truncated input while reading \(what)"
        case .malformedVarint:
            return "malformed varint: longer than 10 bytes or wider than 64 bits"
        case .invalidFieldNumber(let number):
            return "invalid field number \(number)"
        case .invalidWireType(let type):
            return "invalid wire type \(type)"
        case .wireTypeMismatch(let field, let expected, let got):
            return "field \(field): expected wire type \(expected), got \(got)"
        case .lengthTooLarge(let length, let remaining):
            return "length \(length) is larger than the \(remaining) remaining bytes"
        case .depthLimitExceeded(let limit):
            return "messages nested deeper than the depth limit of \(limit)"
        case .invalidUTF8(let field):
            if let field { return "field \(field): string is not valid UTF-8" }
            return "string is not valid UTF-8"
        case .valueOutOfRange(let detail):
            return "value out of range: \(detail)"
        case .unknownEnumValue(let type, let value):
            return "enum \(type) has no value \(value)"
        case .arrayLength(let type, let expected, let got):
            return "array \(type) needs exactly \(expected) elements, got \(got)"
        case .anyTypeMismatch(let expected, let got):
            return "any holds \(got.isEmpty ? "nothing" : got), not \(expected)"
        }
    }
}

/// The proto3 wire types this codec reads and writes.
///
/// The group wire types (3 and 4) and the unassigned values 6 and 7 have no case: a tag that
/// carries one of them is rejected by ``ProtoReader/nextField()`` with ``WireError/invalidWireType(_:)``.
public enum WireType: UInt8, Sendable, CustomStringConvertible {
    /// Base-128 varint: bool, enum, int32/64, uint32/64, sint32/64.
    case varint = 0
    /// Eight little-endian bytes: fixed64, sfixed64, double.
    case fixed64 = 1
    /// A varint length followed by that many bytes: string, bytes, messages, packed repeated fields.
    case lengthDelimited = 2
    /// Four little-endian bytes: fixed32, sfixed32, float.
    case fixed32 = 5

    /// The wire type's name as used in error messages ("varint", "length-delimited", ...).
    public var description: String {
        switch self {
        case .varint: return "varint"
        case .fixed64: return "fixed64"
        case .lengthDelimited: return "length-delimited"
        case .fixed32: return "fixed32"
        }
    }
}

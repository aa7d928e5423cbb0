// Codecs for VDL containers in positions where proto cannot put a repeated or map field directly
// (an element of a list, a map value, an `any`): each is a wrapper message with field 1.

/// A VDL list as the wrapper message `{ repeated C value = 1; }` (packed when `C` is packable).
public enum ListCodec<C: ProtoCodec>: ProtoCodec {
    /// The list.
    public typealias Value = [C.Value]
    /// `.lengthDelimited`.
    @inlinable public static var wireType: WireType { .lengthDelimited }
    /// Wrapper messages are never packed.
    @inlinable public static var isPackable: Bool { false }
    /// The empty list.
    @inlinable public static var defaultValue: [C.Value] { [] }
    /// True when empty.
    @inlinable public static func isDefault(_ value: [C.Value]) -> Bool { value.isEmpty }
    /// Writes the wrapper message.
    @inlinable public static func write(_ value: [C.Value], to writer: inout ProtoWriter) throws {
        try writer.writeLengthDelimited { try $0.writeRepeated(value, field: 1, as: C.self) }
    }
    /// Reads the wrapper message one nesting level deeper.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> [C.Value] {
        try reader.readNested { nested in
            var values: [C.Value] = []
            while let tag = try nested.nextField() {
                if tag.number == 1 {
                    try nested.readRepeated(tag, as: C.self, into: &values)
                } else {
                    try nested.skip(tag)
                }
            }
            return values
        }
    }
}

/// A VDL set as the wrapper message `{ repeated C value = 1; }`, elements in canonical order.
public enum SetCodec<C: ProtoCodec>: ProtoCodec {
    /// The set.
    public typealias Value = Set<C.Value>
    /// `.lengthDelimited`.
    @inlinable public static var wireType: WireType { .lengthDelimited }
    /// Wrapper messages are never packed.
    @inlinable public static var isPackable: Bool { false }
    /// The empty set.
    @inlinable public static var defaultValue: Set<C.Value> { [] }
    /// True when empty.
    @inlinable public static func isDefault(_ value: Set<C.Value>) -> Bool { value.isEmpty }
    /// Writes the wrapper message.
    @inlinable public static func write(_ value: Set<C.Value>, to writer: inout ProtoWriter) throws {
        try writer.writeLengthDelimited { try $0.writeSet(value, field: 1, as: C.self) }
    }
    /// Reads the wrapper message one nesting level deeper.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> Set<C.Value> {
        try reader.readNested { nested in
            var values: Set<C.Value> = []
            while let tag = try nested.nextField() {
                if tag.number == 1 {
                    try nested.readSet(tag, as: C.self, into: &values)
                } else {
                    try nested.skip(tag)
                }
            }
            return values
        }
    }
}

/// A VDL map as the wrapper message `{ map<K, V> value = 1; }`, entries in canonical order.
public enum MapCodec<K: ProtoCodec, V: ProtoCodec>: ProtoCodec {
    /// The map.
    public typealias Value = [K.Value: V.Value]
    /// `.lengthDelimited`.
    @inlinable public static var wireType: WireType { .lengthDelimited }
    /// Wrapper messages are never packed.
    @inlinable public static var isPackable: Bool { false }
    /// The empty map.
    @inlinable public static var defaultValue: [K.Value: V.Value] { [:] }
    /// True when empty.
    @inlinable public static func isDefault(_ value: [K.Value: V.Value]) -> Bool { value.isEmpty }
    /// Writes the wrapper message.
    @inlinable public static func write(_ value: [K.Value: V.Value], to writer: inout ProtoWriter) throws {
        try writer.writeLengthDelimited { try $0.writeMap(value, field: 1, key: K.self, value: V.self) }
    }
    /// Reads the wrapper message; its entries are two nesting levels deeper.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> [K.Value: V.Value] {
        try reader.readNested { nested in
            var map: [K.Value: V.Value] = [:]
            while let tag = try nested.nextField() {
                if tag.number == 1 {
                    try nested.readMapEntry(tag, key: K.self, value: V.self, into: &map)
                } else {
                    try nested.skip(tag)
                }
            }
            return map
        }
    }
}

/// A VDL optional (`?T`) as the wrapper message `{ optional C value = 1; }`.
///
/// As a singular field, `nil` is the default and is omitted; `.some(v)` writes the wrapper with
/// field 1 always present (even when `v` is `C`'s default), so `.some(0)` and `nil` stay distinct.
/// Where a value must be written (a list element, ``ProtoWriter/writePresent(_:field:as:)``),
/// `nil` is an empty wrapper. Decoding: a wrapper without field 1 is `nil`.
public enum OptionalCodec<C: ProtoCodec>: ProtoCodec {
    /// The optional value.
    public typealias Value = C.Value?
    /// `.lengthDelimited`.
    @inlinable public static var wireType: WireType { .lengthDelimited }
    /// Wrapper messages are never packed.
    @inlinable public static var isPackable: Bool { false }
    /// `nil`.
    @inlinable public static var defaultValue: C.Value? { nil }
    /// True for `nil`.
    @inlinable public static func isDefault(_ value: C.Value?) -> Bool { value == nil }
    /// Writes the wrapper message.
    @inlinable public static func write(_ value: C.Value?, to writer: inout ProtoWriter) throws {
        try writer.writeLengthDelimited { try $0.writeOptional(value, field: 1, as: C.self) }
    }
    /// Reads the wrapper message one nesting level deeper.
    @inlinable public static func read(from reader: inout ProtoReader) throws -> C.Value? {
        try reader.readNested { nested in
            var value: C.Value? = nil
            while let tag = try nested.nextField() {
                if tag.number == 1 {
                    value = try nested.read(tag, as: C.self)
                } else {
                    try nested.skip(tag)
                }
            }
            return value
        }
    }
}

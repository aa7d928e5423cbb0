// The Swift scalars that VDL's built-in types map to, so they can be held in a `VDLAny`.

extension Bool: VDLValue {
    /// proto3 `bool`.
    public typealias WireCodec = BoolCodec
    /// "bool".
    @inlinable public static var vdlTypeName: String { "bool" }
}

extension UInt8: VDLValue {
    /// proto3 `uint32`, range-checked.
    public typealias WireCodec = VarintCodec<UInt8>
    /// "byte".
    @inlinable public static var vdlTypeName: String { "byte" }
}

extension UInt16: VDLValue {
    /// proto3 `uint32`, range-checked.
    public typealias WireCodec = VarintCodec<UInt16>
    /// "uint16".
    @inlinable public static var vdlTypeName: String { "uint16" }
}

extension UInt32: VDLValue {
    /// proto3 `uint32`.
    public typealias WireCodec = VarintCodec<UInt32>
    /// "uint32".
    @inlinable public static var vdlTypeName: String { "uint32" }
}

extension UInt64: VDLValue {
    /// proto3 `uint64`.
    public typealias WireCodec = VarintCodec<UInt64>
    /// "uint64".
    @inlinable public static var vdlTypeName: String { "uint64" }
}

extension Int8: VDLValue {
    /// proto3 `sint32`, range-checked.
    public typealias WireCodec = ZigZagCodec<Int8>
    /// "int8".
    @inlinable public static var vdlTypeName: String { "int8" }
}

extension Int16: VDLValue {
    /// proto3 `sint32`, range-checked.
    public typealias WireCodec = ZigZagCodec<Int16>
    /// "int16".
    @inlinable public static var vdlTypeName: String { "int16" }
}

extension Int32: VDLValue {
    /// proto3 `sint32`.
    public typealias WireCodec = ZigZagCodec<Int32>
    /// "int32".
    @inlinable public static var vdlTypeName: String { "int32" }
}

extension Int64: VDLValue {
    /// proto3 `sint64`.
    public typealias WireCodec = ZigZagCodec<Int64>
    /// "int64".
    @inlinable public static var vdlTypeName: String { "int64" }
}

extension Float: VDLValue {
    /// proto3 `float`.
    public typealias WireCodec = FloatCodec
    /// "float32".
    @inlinable public static var vdlTypeName: String { "float32" }
}

extension Double: VDLValue {
    /// proto3 `double`.
    public typealias WireCodec = DoubleCodec
    /// "float64".
    @inlinable public static var vdlTypeName: String { "float64" }
}

extension String: VDLValue {
    /// proto3 `string`.
    public typealias WireCodec = StringCodec
    /// "string".
    @inlinable public static var vdlTypeName: String { "string" }
}

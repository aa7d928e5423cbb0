/// VDL `error` where a value is needed in a list, map or union: a `vdl.Error` message, with the
/// empty message standing for nil.
public enum NilableErrorCodec: ProtoCodec {
    public typealias Value = VDLError?

    @inlinable public static var wireType: WireType { .lengthDelimited }
    @inlinable public static var isPackable: Bool { false }
    @inlinable public static var defaultValue: VDLError? { nil }
    @inlinable public static func isDefault(_ value: VDLError?) -> Bool { value == nil }

    @inlinable
    public static func write(_ value: VDLError?, to writer: inout ProtoWriter) throws {
        try MessageCodec<VDLError>.write(value ?? VDLError(), to: &writer)
    }

    @inlinable
    public static func read(from reader: inout ProtoReader) throws -> VDLError? {
        let error = try MessageCodec<VDLError>.read(from: &reader)
        return error.isZeroValue ? nil : error
    }
}

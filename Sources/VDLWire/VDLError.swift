/// VDL `error`: proto `vdl.Error { string id = 1; RetryAction retry_action = 2; string message = 3;
/// repeated vdl.Any params = 4; }`.
///
/// It is a Swift `Error` too, so a server method can throw it and a client can catch it. Its
/// description is "`id`: `message`", e.g. `examples/fortune.NotFound: no fortune "x"`.
public struct VDLError: VDLMessage, Error, CustomStringConvertible {
    /// The error's identity, "<package path>.<Name>", e.g. "examples/fortune.NotFound".
    public var id: String
    /// What a client should do about it.
    public var retryAction: RetryAction
    /// The formatted, human-readable message.
    public var message: String
    /// The error's parameters, each as an `any`.
    public var parameters: [VDLAny]

    /// The VDL name of this type: "error".
    @inlinable public static var vdlTypeName: String { "error" }

    /// The zero error (empty id and message, no parameters, ``RetryAction/noRetry``).
    @inlinable
    public init() {
        self.init(id: "", retryAction: .noRetry, message: "", parameters: [])
    }

    /// An error from its parts.
    @inlinable
    public init(id: String, retryAction: RetryAction = .noRetry, message: String, parameters: [VDLAny] = []) {
        self.id = id
        self.retryAction = retryAction
        self.message = message
        self.parameters = parameters
    }

    /// Writes the non-default fields.
    @inlinable
    public func encode(to writer: inout ProtoWriter) throws {
        try writer.write(id, field: 1, as: StringCodec.self)
        try writer.write(retryAction, field: 2, as: EnumCodec<RetryAction>.self)
        try writer.write(message, field: 3, as: StringCodec.self)
        try writer.writeRepeated(parameters, field: 4, as: MessageCodec<VDLAny>.self)
    }

    /// Reads the fields, skipping unknown ones.
    @inlinable
    public init(from reader: inout ProtoReader) throws {
        self.init()
        while let tag = try reader.nextField() {
            switch tag.number {
            case 1: id = try reader.read(tag, as: StringCodec.self)
            case 2: retryAction = try reader.read(tag, as: EnumCodec<RetryAction>.self)
            case 3: message = try reader.read(tag, as: StringCodec.self)
            case 4: try reader.readRepeated(tag, as: MessageCodec<VDLAny>.self, into: &parameters)
            default: try reader.skip(tag)
            }
        }
    }

    /// True for the zero error.
    @inlinable
    public var isZeroValue: Bool {
        id.isEmpty && retryAction == .noRetry && message.isEmpty && parameters.isEmpty
    }

    /// "`id`: `message`" (or whichever of the two is not empty).
    public var description: String {
        if message.isEmpty { return id }
        if id.isEmpty { return message }
        return "\(id): \(message)"
    }
}

import VDLWire

/// The error IDs every peer understands, whatever its services (docs/wire.md lists them).
public enum StandardErrors {
    public static let unknownMethodID = "vdl.UnknownMethod"
    public static let unknownObjectID = "vdl.UnknownObject"
    public static let badArgumentID = "vdl.BadArg"
    public static let badProtocolID = "vdl.BadProtocol"
    public static let noAccessID = "vdl.NoAccess"
    public static let notTrustedID = "vdl.NotTrusted"
    public static let noExistID = "vdl.NoExist"
    public static let timeoutID = "vdl.Timeout"
    public static let canceledID = "vdl.Canceled"
    public static let internalID = "vdl.Internal"
    public static let unavailableID = "vdl.Unavailable"

    public static func unknownMethod(_ method: String) -> VDLError {
        VDLError(id: unknownMethodID, message: "unknown method \(method)", parameters: [VDLAny.constant(method, typeName: "string", as: StringCodec.self)])
    }
    public static func badArgument(_ message: String) -> VDLError { VDLError(id: badArgumentID, message: message) }
    public static func badProtocol(_ message: String) -> VDLError { VDLError(id: badProtocolID, retryAction: .retryConnection, message: message) }
    public static func noAccess(_ message: String) -> VDLError { VDLError(id: noAccessID, message: message) }
    /// The server's blessings are not the ones the client requires; the call was not sent.
    public static func notTrusted(_ message: String) -> VDLError { VDLError(id: notTrustedID, message: message) }
    public static func noExist(_ message: String) -> VDLError { VDLError(id: noExistID, message: message) }
    public static func timeout(_ message: String) -> VDLError { VDLError(id: timeoutID, message: message) }
    public static func canceled(_ message: String) -> VDLError { VDLError(id: canceledID, message: message) }
    public static func `internal`(_ message: String) -> VDLError { VDLError(id: internalID, message: message) }
    public static func unavailable(_ message: String) -> VDLError { VDLError(id: unavailableID, retryAction: .retryConnection, message: message) }
}

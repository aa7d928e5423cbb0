import VDLRPC
import VDLWire

/// Shorthands for building frames.
extension Wire.Frame {
    static func failure(_ callID: UInt64, _ error: VDLError) -> Wire.Frame {
        .failure(Wire.Failure(callID: callID, error: error))
    }

    /// A Failure with `error`, or, when that frame would exceed the client's frame limit, with
    /// the same ID and retry action, the message cut and the parameters dropped. Errors are rare,
    /// so measuring by encoding costs nothing that matters.
    static func failure(_ callID: UInt64, fitting error: VDLError, within limit: Int) -> Wire.Frame {
        let size = (try? Wire.Frame.failure(callID, error).serializedBytes().count) ?? Int.max
        guard size > limit else { return .failure(callID, error) }
        let room = max(0, limit - ConnectionStream.frameOverhead - error.id.utf8.count - 64)
        let message = String(decoding: error.message.utf8.prefix(room), as: UTF8.self)
            + " [error cut from \(size) bytes to the client's frame limit]"
        return .failure(callID, VDLError(id: error.id, retryAction: error.retryAction, message: message))
    }

    static func goAway(lastCallID: UInt64, _ error: VDLError? = nil) -> Wire.Frame {
        .goAway(Wire.GoAway(lastCallID: lastCallID, error: error))
    }

    static func endOfStream(_ callID: UInt64) -> Wire.Frame {
        .data(Wire.Data(callID: callID, item: [], hasItem: false, endOfStream: true))
    }

    static func item(_ callID: UInt64, _ item: [UInt8]) -> Wire.Frame {
        .data(Wire.Data(callID: callID, item: item, hasItem: true, endOfStream: false))
    }
}

/// The protocol version this implementation speaks.
let protocolVersion: UInt32 = 1
let agentName = "swift-vdl/0.1"

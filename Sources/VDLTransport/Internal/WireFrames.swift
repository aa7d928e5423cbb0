import VDLRPC
import VDLWire

/// Shorthands for building frames.
extension Wire.Frame {
    static func failure(_ callID: UInt64, _ error: VDLError) -> Wire.Frame {
        .failure(Wire.Failure(callID: callID, error: error))
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

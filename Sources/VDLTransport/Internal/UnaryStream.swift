import VDLRPC
import VDLWire

/// The stream of a unary call, which has none: the generated unary handlers and stubs never
/// touch it, and a hand-written implementation that does gets a clear error.
struct UnaryStream: RawServerStream, RawClientStream {
    func send(_ item: [UInt8]) async throws { throw Self.noStream }
    func closeSend() async throws { throw Self.noStream }
    func receive() async throws -> [UInt8]? { throw Self.noStream }

    private static var noStream: VDLError { StandardErrors.badArgument("a unary call has no stream") }
}

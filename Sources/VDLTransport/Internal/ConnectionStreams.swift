import NIOCore
import Synchronization
import VDLRPC
import VDLWire

/// One call's stream over a connection, for either side: items go out as Data frames while the
/// peer's window has room; items come in through an inbox, and once the application has consumed
/// half of this side's window, what it consumed is granted back to the peer.
final class ConnectionStream: Sendable {
    let callID: UInt64
    let writer: FrameWriter
    let inbox: StreamInbox
    let gate: CreditGate
    /// The largest frame the peer accepts.
    let peerMaxFrameSize: Int
    private let consumed = Mutex(0)

    init(callID: UInt64, writer: FrameWriter, window: Int, sendWindow: Int, peerMaxFrameSize: Int) {
        self.callID = callID
        self.writer = writer
        self.inbox = StreamInbox(window: window)
        self.gate = CreditGate(window: sendWindow)
        self.peerMaxFrameSize = peerMaxFrameSize
    }

    /// Frame overhead beyond the payload: tags, call id, length prefixes.
    static let frameOverhead = 64

    func send(_ item: [UInt8]) async throws {
        guard item.count + Self.frameOverhead <= peerMaxFrameSize else {
            throw StandardErrors.badArgument("a stream item of \(item.count) bytes exceeds the peer's frame limit of \(peerMaxFrameSize) bytes")
        }
        try await gate.acquire(Self.cost(of: item))
        // Not awaiting the write: the credit already bounds what is in flight, and a failed write
        // closes the connection, which fails the call.
        writer.write(Wire.Frame.item(callID, item))
    }

    func closeSend() async throws {
        writer.write(Wire.Frame.endOfStream(callID))
    }

    func receive() async throws -> [UInt8]? {
        guard let item = try await inbox.pop() else { return nil }
        let grant = consumed.withLock { bytes -> Int in
            bytes += Self.cost(of: item)
            guard bytes * 2 >= inbox.window else { return 0 }
            defer { bytes = 0 }
            return bytes
        }
        if grant > 0 {
            inbox.granted(grant)
            writer.write(Wire.Frame.credit(Wire.Credit(callID: callID, bytes: UInt32(clamping: grant))))
        }
        return item
    }

    /// What an item counts against the window: its length plus a fixed overhead, so that empty
    /// items are flow-controlled too.
    static func cost(of item: [UInt8]) -> Int { item.count + Int(Wire.itemOverhead) }
}

extension ConnectionStream: RawServerStream, RawClientStream {}

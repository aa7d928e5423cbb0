import NIOCore
import Synchronization
import VDLRPC
import VDLWire

/// One call's stream over a connection, for either side: items go out as Data frames once the
/// peer has granted credit; items come in through an inbox, and every half of the granted credit
/// that the application consumes is granted back to the peer.
final class ConnectionStream: Sendable {
    let callID: UInt64
    let writer: FrameWriter
    let inbox: StreamInbox
    let gate: CreditGate
    /// The largest frame the peer accepts.
    let peerMaxFrameSize: Int
    private let consumed = Mutex(0)

    init(callID: UInt64, writer: FrameWriter, inboxLimit: Int, sendCredit: Int, peerMaxFrameSize: Int) {
        self.callID = callID
        self.writer = writer
        self.inbox = StreamInbox(limit: inboxLimit)
        self.gate = CreditGate(initial: sendCredit)
        self.peerMaxFrameSize = peerMaxFrameSize
    }

    /// Frame overhead beyond the payload: tags, call id, length prefixes.
    static let frameOverhead = 64

    func send(_ item: [UInt8]) async throws {
        guard item.count + Self.frameOverhead <= peerMaxFrameSize else {
            throw StandardErrors.badArgument("a stream item of \(item.count) bytes exceeds the peer's frame limit of \(peerMaxFrameSize) bytes")
        }
        try await gate.acquire()
        // Not awaiting the write: the credit already bounds what is in flight, and a failed write
        // closes the connection, which fails the call.
        writer.write(Wire.Frame.item(callID, item))
    }

    func closeSend() async throws {
        writer.write(Wire.Frame.endOfStream(callID))
    }

    func receive() async throws -> [UInt8]? {
        guard let item = try await inbox.pop() else { return nil }
        let grant = consumed.withLock { count -> Int in
            count += 1
            guard count * 2 >= inbox.limit else { return 0 }
            defer { count = 0 }
            return count
        }
        if grant > 0 {
            inbox.granted(grant)
            writer.write(Wire.Frame.credit(Wire.Credit(callID: callID, count: UInt32(grant))))
        }
        return item
    }
}

extension ConnectionStream: RawServerStream, RawClientStream {}

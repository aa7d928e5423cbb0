import NIOCore
import NIOPosix
import Synchronization
import VDLRPC
import VDLTransport
import VDLWire

/// A fake fortune server that answers the C client with frames the Swift server never sends
/// (pings, stray frames, GoAway, oversized and malformed frames), to test how the client copes.
final class CInteropScriptedServer: Sendable {
    enum Script: Sendable, CustomStringConvertible {
        /// Before the Response: a Response and Data of calls that do not exist, a Credit, a GoAway
        /// that lets call 1 finish and a Ping; the Response comes once the Ping is answered.
        case answerAfterNoise
        /// GoAway{last_call_id: 0} instead of an answer: the call was not taken.
        case refuseCall
        /// GoAway with vdl.BadProtocol instead of a Hello.
        case refuseConnection
        /// A length prefix of 2 GiB.
        case oversizedFrame
        /// A frame whose body is not a wire.Frame.
        case malformedFrame

        var description: String {
            switch self {
            case .answerAfterNoise: "answerAfterNoise"
            case .refuseCall: "refuseCall"
            case .refuseConnection: "refuseConnection"
            case .oversizedFrame: "oversizedFrame"
            case .malformedFrame: "malformedFrame"
            }
        }
    }

    /// The frames the client sent, in order.
    let received = Mutex<[Wire.Frame]>([])
    private let listener: any Channel
    let port: Int

    private init(listener: any Channel) {
        self.listener = listener
        self.port = listener.localAddress?.port ?? 0
    }

    static func start(_ script: Script) async throws -> CInteropScriptedServer {
        let box = Mutex<CInteropScriptedServer?>(nil)
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let server = box.withLock({ $0 }) else { throw ChannelError.ioOnClosedChannel }
                    try channel.pipeline.syncOperations.addHandler(Handler(script: script, server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = CInteropScriptedServer(listener: listener)
        box.withLock { $0 = server }
        return server
    }

    func close() async {
        try? await listener.close()
    }

    /// Waits up to two seconds for a frame matching `condition`.
    func waitForFrame(_ condition: (Wire.Frame) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < deadline {
            if received.withLock({ $0.contains(where: condition) }) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let script: Script
        let server: CInteropScriptedServer
        var buffer = ByteBuffer()

        init(script: Script, server: CInteropScriptedServer) {
            self.script = script
            self.server = server
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            buffer.writeBuffer(&bytes)
            while let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self),
                  buffer.readableBytes >= 4 + Int(length) {
                buffer.moveReaderIndex(forwardBy: 4)
                let body = buffer.readBytes(length: Int(length)) ?? []
                guard let frame = try? Wire.Frame(serializedBytes: body) else {
                    context.close(promise: nil)
                    return
                }
                server.received.withLock { $0.append(frame) }
                react(to: frame, context: context)
            }
        }

        private func react(to frame: Wire.Frame, context: ChannelHandlerContext) {
            switch (frame, script) {
            case (.hello, .refuseConnection):
                send(.goAway(Wire.GoAway(lastCallID: 0, error: StandardErrors.badProtocol("no common protocol version"))), context: context)
                context.close(promise: nil)
            case (.hello, _):
                send(.hello(Wire.Hello(versions: [1], maxFrameSize: 1 << 20, initialWindow: 1 << 16, agent: "scripted")), context: context)
            case (.request(let request), .answerAfterNoise):
                send(.response(Wire.Response(callID: request.callID + 41, results: [0x08, 0x01])), context: context)
                send(.data(Wire.Data(callID: request.callID + 98, item: [0x0a, 0x01, 0x78], hasItem: true, endOfStream: false)), context: context)
                send(.credit(Wire.Credit(callID: request.callID, bytes: 5)), context: context)
                send(.goAway(Wire.GoAway(lastCallID: request.callID, error: nil)), context: context)
                send(.ping(Wire.Ping(payload: 7, ack: false)), context: context)
            case (.ping(let ping), .answerAfterNoise) where ping.ack && ping.payload == 7:
                // FortuneHasResponse{result: true}
                send(.response(Wire.Response(callID: 1, results: [0x08, 0x01])), context: context)
            case (.request, .refuseCall):
                send(.goAway(Wire.GoAway(lastCallID: 0, error: nil)), context: context)
            case (.request, .oversizedFrame):
                write([0x7f, 0xff, 0xff, 0xff, 0x0a], context: context)
            case (.request, .malformedFrame):
                write([0x00, 0x00, 0x00, 0x03, 0xff, 0xff, 0xff], context: context)
            default:
                break
            }
        }

        private func send(_ frame: Wire.Frame, context: ChannelHandlerContext) {
            guard let body = try? frame.serializedBytes() else { return }
            var prefix: [UInt8] = []
            for shift in stride(from: 24, through: 0, by: -8) { prefix.append(UInt8(truncatingIfNeeded: body.count >> shift)) }
            write(prefix + body, context: context)
        }

        private func write(_ bytes: [UInt8], context: ChannelHandlerContext) {
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
        }
    }
}

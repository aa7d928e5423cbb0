import NIOCore
import NIOPosix

// The floor: a minimal SwiftNIO echo of 4-byte big-endian length-prefixed frames, with the same
// client model as RPCClient: one connection, any number of tasks each awaiting its own reply.
// There are no call IDs: the server answers in order, so replies complete the oldest request.

/// Splits the byte stream into frames (a 4-byte big-endian length, then that many bytes).
struct LengthPrefixedFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self),
              buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: Int(length))!))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Writes every frame back, flushing once per read burst.
final class RawEchoServerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        var out = context.channel.allocator.buffer(capacity: 4 + frame.readableBytes)
        out.writeInteger(UInt32(frame.readableBytes))
        out.writeImmutableBuffer(frame)
        context.write(wrapOutboundOut(out), promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

enum RawEchoServer {
    static func bind(host: String, port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(LengthPrefixedFrameDecoder()),
                        RawEchoServerHandler(),
                    ])
                }
            }
            .bind(host: host, port: port).get()
    }
}

/// One request: its payload and the promise its reply completes.
struct RawEchoRequest: Sendable {
    let payload: [UInt8]
    let reply: EventLoopPromise<[UInt8]>
}

/// The client's pipeline end: queues the promise of each request written, completes the oldest
/// with each frame read.
final class RawEchoClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RawEchoRequest
    typealias OutboundOut = ByteBuffer

    private var pending = CircularBuffer<EventLoopPromise<[UInt8]>>(initialCapacity: 64)

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        pending.append(request.reply)
        var out = context.channel.allocator.buffer(capacity: 4 + request.payload.count)
        out.writeInteger(UInt32(request.payload.count))
        out.writeBytes(request.payload)
        context.write(wrapOutboundOut(out), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var frame = unwrapInboundIn(data)
        let bytes = frame.readBytes(length: frame.readableBytes) ?? []
        guard let reply = pending.popFirst() else {
            context.close(promise: nil)
            return
        }
        reply.succeed(bytes)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }

    private func failAll(_ error: any Error) {
        while let reply = pending.popFirst() { reply.fail(error) }
    }
}

final class RawEchoClient: Sendable {
    let channel: any Channel

    private init(channel: any Channel) { self.channel = channel }

    static func connect(host: String, port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> RawEchoClient {
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(LengthPrefixedFrameDecoder()),
                        RawEchoClientHandler(),
                    ])
                }
            }
            .connect(host: host, port: port).get()
        return RawEchoClient(channel: channel)
    }

    /// Sends the payload and waits for its echo.
    func call(_ payload: [UInt8]) async throws -> [UInt8] {
        let reply = channel.eventLoop.makePromise(of: [UInt8].self)
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { reply.fail($0) }  // never reached the handler: fail the call
        channel.writeAndFlush(RawEchoRequest(payload: payload, reply: reply), promise: written)
        return try await reply.futureResult.get()
    }

    func close() async {
        try? await channel.close()
    }
}

import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// A socket that speaks bytes, not the protocol: for feeding a server what a broken or hostile
/// peer would send.
final class RawConnection: Sendable {
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received = Mutex<[UInt8]>([])
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            received.withLock { $0 += bytes }
        }
    }

    let channel: any Channel
    private let collector: Collector

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    /// Connects, over TLS keyed by `principal` when one is given.
    static func connect(to address: ServerAddress, tls principal: Principal? = nil) async throws -> RawConnection {
        let collector = Collector()
        let tls = try principal.map(TLSContexts.client(for:))
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tls, serverHostname: nil, customVerificationCallback: TLSContexts.verifyPeer))
                    }
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
        guard case .tcp(let host, let port) = address else { throw StandardErrors.internal("TCP only") }
        return RawConnection(channel: try await bootstrap.connect(host: host, port: port).get(), collector: collector)
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    func send(_ frame: Wire.Frame) async throws {
        try await send([frame])
    }

    /// Sends the frames in one write, so the server reads them in one burst.
    func send(_ frames: [Wire.Frame]) async throws {
        var bytes: [UInt8] = []
        for frame in frames {
            let body = try frame.serializedBytes()
            let count = UInt32(body.count)
            for i in 0..<4 { bytes.append(UInt8((count >> (24 - 8 * i)) & 0xFF)) }
            bytes += body
        }
        try await send(bytes)
    }

    /// Whether the server closed the connection within the time limit.
    func waitForClose(within limit: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while channel.isActive, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !channel.isActive
    }

    /// The frames received so far, decoded from their length prefixes.
    func frames() throws -> [Wire.Frame] {
        let bytes = collector.received.withLock { $0 }
        var frames: [Wire.Frame] = []
        var index = 0
        while index + 4 <= bytes.count {
            let length = bytes[index..<(index + 4)].reduce(0) { $0 << 8 | Int($1) }
            guard index + 4 + length <= bytes.count else { break }
            frames.append(try Wire.Frame(serializedBytes: Array(bytes[(index + 4)..<(index + 4 + length)])))
            index += 4 + length
        }
        return frames
    }

    func close() async { try? await channel.close() }
}

let clientHello = Wire.Frame.hello(Wire.Hello(versions: [1], maxFrameSize: 1 << 20, initialWindow: 1 << 16, agent: "raw-test"))

import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization
import VDLRPC
import VDLSecurity

/// Serves generated services over TCP or a Unix socket, authenticated with TLS and the
/// principal's blessings, each call authorized before its method runs.
///
/// ```swift
/// let principal = try Principal.load(from: credentialsDirectory)
/// let server = RPCServer(services: [Fortune.Fortune.registration(store)], security: .tls(principal),
///                        authorizer: .permissions(["Read": AccessList(in: ["..."]), "Write": AccessList(in: ["alice"])]))
/// let address = try await server.bind(to: .tcp(host: "127.0.0.1", port: 0))
/// try await server.run()   // until shut down; SIGTERM drains when run in a ServiceGroup
/// ```
public final class RPCServer: Service, Sendable {
    private let core: ServerCore
    private let security: TransportSecurity
    private let group: any EventLoopGroup
    private let state = Mutex<State>(State())

    private struct State {
        var listener: (any Channel)?
        var shuttingDown = false
    }

    /// - Parameters:
    ///   - security: `.tls(principal)`, or `.plaintext` for local tests only.
    ///   - authorizer: decides who may call, for services that have no authorizer of their own
    ///     (``ServiceRegistration/authorized(by:)``); the default allows callers whose blessings
    ///     and the server's extend one another (``DefaultAuthorizer``).
    public init(
        services: [ServiceRegistration], security: TransportSecurity, authorizer: any Authorizer = .default,
        configuration: RPCServerConfiguration = RPCServerConfiguration(),
        interceptors: [any ServerInterceptor] = [], logger: Logger = Logger(label: "vdl.server"),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.core = ServerCore(services: services, security: security, authorizer: authorizer,
                               configuration: configuration, interceptors: interceptors, logger: logger)
        self.security = security
        self.group = group
    }

    /// Starts listening; returns the bound address (port 0 picks a free port).
    @discardableResult
    public func bind(to address: ServerAddress) async throws -> ServerAddress {
        let core = self.core
        let tls = try security.principal.map(TLSContexts.server(for:))
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                Self.initialize(channel, core: core, tls: tls)
            }
        let listener: any Channel
        switch address {
        case .tcp(let host, let port):
            listener = try await bootstrap.bind(host: host, port: port).get()
        case .unix(let path):
            listener = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
        }
        state.withLock { $0.listener = listener }
        let bound = listener.localAddress.map(ServerAddress.init) ?? address
        core.logger.info("listening", metadata: ["address": "\(bound)"])
        return bound
    }

    private static func initialize(_ channel: any Channel, core: ServerCore, tls: NIOSSLContext?) -> EventLoopFuture<Void> {
        guard core.admit(channel) else {
            core.logger.warning("refusing a connection: at the limit of \(core.configuration.maxConnections)")
            var full = StandardErrors.unavailable("the server has reached its limit of \(core.configuration.maxConnections) connections")
            full.retryAction = .retryBackoff
            return channel.eventLoop.makeCompletedFuture {
                if let tls {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls, customVerificationCallback: TLSContexts.verifyPeer))
                }
                try channel.pipeline.syncOperations.addHandlers([
                    MessageToByteHandler(FrameEncoder()),
                    RefusingHandler(goAway: .goAway(lastCallID: 0, full)),
                ])
            }
        }
        channel.closeFuture.whenComplete { _ in core.remove(channel) }
        let transport = core.configuration.transport
        return channel.eventLoop.makeCompletedFuture {
            if let tls {
                try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls, customVerificationCallback: TLSContexts.verifyPeer))
            }
            try channel.pipeline.syncOperations.addHandlers([
                ByteToMessageHandler(FrameDecoder(maxFrameSize: transport.maxFrameSize)),
                MessageToByteHandler(FrameEncoder()),
                ServerConnectionHandler(core: core, logger: core.logger, eventLoop: channel.eventLoop),
            ])
        }
    }

    /// Serves until the server is shut down. In a `ServiceGroup`, a graceful shutdown (SIGTERM)
    /// drains: no new calls, calls in flight finish, then connections close.
    public func run() async throws {
        guard let listener = state.withLock({ $0.listener }) else {
            throw StandardErrors.internal("RPCServer.run() called before bind(to:)")
        }
        try await cancelWhenGracefulShutdown {
            try await withTaskCancellationHandler {
                try await listener.closeFuture.get()
            } onCancel: {
                self.beginShutdown()
            }
        }
        await drainConnections()
    }

    /// Stops accepting connections and drains the open ones; `run()` returns once they are closed.
    public func beginShutdown() {
        let listener = state.withLock { state -> (any Channel)? in
            guard !state.shuttingDown else { return nil }
            state.shuttingDown = true
            return state.listener
        }
        listener?.close(promise: nil)
    }

    private func drainConnections() async {
        let connections = core.openConnections
        for connection in connections {
            connection.triggerUserOutboundEvent(ServerConnectionHandler.Drain(), promise: nil)
        }
        let grace = core.configuration.shutdownGracePeriod
        await withTaskGroup(of: Void.self) { group in
            for connection in connections {
                group.addTask {
                    let closed: Void? = try? await withThrowingTaskGroup(of: Void.self) { inner in
                        inner.addTask { try await connection.closeFuture.get() }
                        inner.addTask { try await Task.sleep(for: grace) }
                        defer { inner.cancelAll() }
                        return try await inner.next()
                    }
                    _ = closed
                    if connection.isActive { try? await connection.close() }
                }
            }
        }
    }
}

/// Tells a connection over the limit why it is refused (GoAway), then closes it.
private final class RefusingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = Wire.Frame

    let goAway: Wire.Frame

    init(goAway: Wire.Frame) { self.goAway = goAway }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(goAway)).whenComplete { _ in
            // Closing with the client's Hello unread would make the kernel reset the connection,
            // and a reset can discard the GoAway before the client reads it. So: stop writing,
            // read and drop until the client closes, and close anyway after a second.
            let closed = channel.eventLoop.makePromise(of: Void.self)
            closed.futureResult.whenFailure { _ in channel.close(promise: nil) }
            channel.close(mode: .output, promise: closed)
            channel.eventLoop.scheduleTask(in: .seconds(1)) { channel.close(promise: nil) }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import VDLRPC
import VDLSecurity
import VDLWire

/// One connection to a server, shared by any number of concurrent calls.
final class ClientConnection: Sendable {
    /// A call in flight: its stream (none for a unary call) and the promise of its results.
    struct PendingCall: Sendable {
        let stream: ConnectionStream?
        let response: EventLoopPromise<[UInt8]>

        func fail(_ error: VDLError) {
            stream?.inbox.fail(error)
            stream?.gate.close(error)
            response.fail(error)
        }
    }

    /// Where and how to connect.
    struct Setup: Sendable {
        let address: ServerAddress
        let configuration: RPCClientConfiguration
        let principal: Principal?
        let tls: Result<NIOSSLContext, any Error>?
        let serverBlessings: Access.BlessingPattern?
    }

    /// Who is at the other end of a TLS connection, and what this client presented to it.
    struct Authentication: Sendable {
        let principal: Principal
        let serverKey: PublicKey
        let serverBlessings: Blessings
        let presented: Blessings
    }

    private struct State {
        var calls: [UInt64: PendingCall] = [:]
        var nextCallID: UInt64 = 1
        /// Set by GoAway or close: no new calls.
        var unusable: VDLError?
        var peerMaxFrameSize = 4 << 20
        var peerInitialWindow = 256 << 10
        var authentication: Authentication?
    }

    let channel: any Channel
    let writer: FrameWriter
    let configuration: TransportConfiguration
    private let state = Mutex(State())
    private let hello: EventLoopPromise<Wire.Hello>

    private init(channel: any Channel, configuration: TransportConfiguration) {
        self.channel = channel
        self.writer = FrameWriter(channel: channel)
        self.configuration = configuration
        self.hello = channel.eventLoop.makePromise()
    }

    /// Connects, exchanges Hello frames and, on TLS, authenticates the server and presents this
    /// client's blessings.
    static func connect(_ setup: Setup, group: any EventLoopGroup, logger: Logger) async throws -> ClientConnection {
        let address = setup.address, configuration = setup.configuration
        let transport = configuration.transport
        let tls: NIOSSLContext?
        do {
            tls = try setup.tls?.get()
        } catch {
            throw StandardErrors.internal("cannot set up TLS with the client's principal: \(error)")
        }
        let connectTimeout = TimeAmount(configuration.connectTimeout)
        let box = Mutex<ClientConnection?>(nil)
        let bootstrap = ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = ClientConnection(channel: channel, configuration: transport)
                    box.withLock { $0 = connection }
                    var handlers: [any ChannelHandler] = [
                        ByteToMessageHandler(FrameDecoder(maxFrameSize: transport.maxFrameSize)),
                        MessageToByteHandler(FrameEncoder()),
                        ClientConnectionHandler(connection: connection, logger: logger),
                    ]
                    if let keepalive = transport.keepaliveInterval {
                        handlers.insert(IdleStateHandler(readTimeout: TimeAmount(keepalive)), at: 0)
                    }
                    if let tls {
                        handlers.insert(try NIOSSLClientHandler(context: tls, serverHostname: nil, customVerificationCallback: TLSContexts.verifyPeer), at: 0)
                    }
                    try channel.pipeline.syncOperations.addHandlers(handlers)
                }
            }
        let channel: any Channel
        do {
            switch address {
            case .tcp(let host, let port): channel = try await bootstrap.connect(host: host, port: port).get()
            case .unix(let path): channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
            }
        } catch {
            let failure = StandardErrors.unavailable("cannot connect to \(address): \(error)")
            box.withLock { $0 }?.closed(failure)
            throw failure
        }
        guard let connection = box.withLock({ $0 }) else {
            throw StandardErrors.internal("connection set-up did not run")
        }
        let request = Wire.Hello(
            versions: [protocolVersion], maxFrameSize: UInt32(transport.maxFrameSize),
            initialWindow: UInt32(clamping: max(1, transport.initialWindow)), agent: agentName)
        do {
            try await channel.writeAndFlush(Wire.Frame.hello(request)).get()
        } catch {
            // The handler has recorded why the connection failed (e.g. the TLS handshake).
            throw connection.state.withLock { $0.unusable } ?? StandardErrors.unavailable("cannot send Hello to \(address): \(error)")
        }
        let timeout = channel.eventLoop.scheduleTask(in: connectTimeout) {
            connection.hello.fail(StandardErrors.unavailable("\(address) did not answer Hello in time"))
            channel.close(promise: nil)
        }
        defer { timeout.cancel() }
        let reply = try await connection.hello.futureResult.get()
        guard reply.versions == [protocolVersion], reply.maxFrameSize >= 1024 else {
            let failure = StandardErrors.badProtocol("\(address) answered with versions \(reply.versions) and max_frame_size \(reply.maxFrameSize); this client speaks version \(protocolVersion) and needs at least 1024")
            connection.closed(failure)
            channel.close(promise: nil)
            throw failure
        }
        connection.state.withLock {
            $0.peerMaxFrameSize = Int(reply.maxFrameSize)
            $0.peerInitialWindow = max(1, Int(reply.initialWindow))
        }
        if let principal = setup.principal {
            do {
                let serverKey = try await channel.eventLoop.submit { try TLSContexts.peerKey(of: channel) }.get()
                let authentication = try authenticate(reply, of: address, principal: principal, serverKey: serverKey, required: setup.serverBlessings)
                connection.state.withLock { $0.authentication = authentication }
                try await channel.writeAndFlush(Wire.Frame.auth(Wire.Auth(blessings: authentication.presented.wire))).get()
            } catch {
                let failure = (error as? VDLError) ?? StandardErrors.unavailable("cannot authenticate to \(address): \(error)")
                connection.closed(failure)
                channel.close(promise: nil)
                throw failure
            }
        }
        return connection
    }

    /// Checks the server's blessings (signatures, bound to its TLS key, valid names matching the
    /// required pattern) and picks the blessings to present to it.
    private static func authenticate(_ hello: Wire.Hello, of address: ServerAddress, principal: Principal, serverKey: PublicKey,
                                     required: Access.BlessingPattern?) throws -> Authentication {
        let blessings: Blessings
        do {
            blessings = try Blessings(wire: hello.blessings)
        } catch {
            throw StandardErrors.notTrusted("\(address) presented invalid blessings: \(error)")
        }
        guard blessings.isEmpty || blessings.publicKey == serverKey else {
            throw StandardErrors.notTrusted("\(address) presented blessings \(blessings) bound to key \(blessings.publicKey.map(String.init(describing:)) ?? "none"), not to the key of its TLS certificate (\(serverKey))")
        }
        let check = SecurityCall(localPrincipal: principal, localBlessings: principal.blessingStore.defaultBlessings, remoteBlessings: blessings)
        let names = check.remoteBlessingNames()
        if let required, !required.matches(anyOf: names.valid) {
            throw StandardErrors.notTrusted("\(address) is not \(required): its valid blessing names are \(names)")
        }
        return Authentication(principal: principal, serverKey: serverKey, serverBlessings: blessings,
                              presented: principal.blessingStore.forPeer(names.valid))
    }

    var isUsable: Bool { channel.isActive && state.withLock { $0.unusable == nil } }

    /// Who the server is, on a TLS connection once authenticated; nil on plaintext.
    var authentication: Authentication? { state.withLock { $0.authentication } }

    /// Registers a call and sends its Request frame.
    ///
    /// The ID is taken and the frame queued under one lock, so Request frames reach the wire in
    /// increasing ID order however many tasks start calls at once.
    func start(_ request: CallRequest, arguments: [UInt8]) throws -> (UInt64, PendingCall) {
        let timeout = request.options.timeout.map { UInt64(clamping: max(1, $0.nanoseconds / 1000)) } ?? 0
        let grant = try request.options.grant.map { try granted($0, for: request) } ?? Security.WireBlessings()
        let requestSize = try Self.sizeBound(of: request, arguments: arguments, grant: grant)
        let started = state.withLock { state -> Result<(UInt64, PendingCall, EventLoopFuture<Void>), VDLError> in
            if let unusable = state.unusable { return .failure(unusable) }
            let size = requestSize
            guard size <= state.peerMaxFrameSize else {
                return .failure(StandardErrors.badArgument("the request of \(request.method.fullName) is \(size) bytes (arguments \(arguments.count)), more than the server's frame limit of \(state.peerMaxFrameSize)"))
            }
            let id = state.nextCallID
            state.nextCallID += 1
            let stream = request.method.kind == .unary ? nil : ConnectionStream(
                callID: id, writer: writer, window: max(1, configuration.initialWindow),
                sendWindow: state.peerInitialWindow, peerMaxFrameSize: state.peerMaxFrameSize)
            let call = PendingCall(stream: stream, response: channel.eventLoop.makePromise())
            state.calls[id] = call
            let frame = Wire.Frame.request(Wire.Request(
                callID: id, method: request.method.fullName, object: request.object, timeoutMicros: timeout,
                metadata: request.options.metadata, arguments: arguments, endOfStream: !request.method.kind.clientStreams,
                grant: grant))
            return .success((id, call, writer.writeObserved(frame)))
        }
        let (id, call, written) = try started.get()
        // Not awaited, so a call costs no extra hop; a Request that cannot be written was never
        // seen by the server, so its call fails with a retryable error.
        written.whenFailure { error in
            self.abandon(id, with: StandardErrors.unavailable("cannot send the call: \(error)"))
        }
        return (id, call)
    }

    /// An upper bound of the encoded Request frame: each field's bytes plus 16 bytes per field for
    /// its tag, length and the map entries' framing (exact would mean encoding every call twice).
    private static func sizeBound(of request: CallRequest, arguments: [UInt8], grant: Security.WireBlessings) throws -> Int {
        let metadata = request.options.metadata.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 16 }
        let grantSize = grant.chains.isEmpty ? 0 : try grant.serializedBytes().count
        return 64 + arguments.count + request.method.fullName.utf8.count + request.object.utf8.count + metadata + grantSize
    }

    /// Blesses the server's key as the call's grant asks.
    private func granted(_ grant: Grant, for request: CallRequest) throws -> Security.WireBlessings {
        guard let authentication = state.withLock({ $0.authentication }) else {
            throw StandardErrors.badArgument("\(request.method.fullName): blessings can only be granted over an authenticated (TLS) connection")
        }
        do {
            if let prepared = grant.prepared { return prepared.wire }
            let with = grant.with ?? authentication.presented
            return try authentication.principal.bless(authentication.serverKey, with: with, extension: grant.extension, caveats: grant.caveats).wire
        } catch {
            throw StandardErrors.badArgument("\(request.method.fullName): cannot grant \(grant.extension) to the server: \(error)")
        }
    }

    /// Forgets a call that was never sent, completing its promise.
    private func abandon(_ id: UInt64, with error: VDLError) {
        state.withLock { $0.calls.removeValue(forKey: id) }?.fail(error)
    }

    /// Tells the server to stop the call, and fails it locally.
    func cancel(_ id: UInt64, with error: VDLError) {
        guard let call = state.withLock({ $0.calls.removeValue(forKey: id) }) else { return }
        call.fail(error)
        writer.write(Wire.Frame.cancel(Wire.Cancel(callID: id)))
    }

    // MARK: Frames from the event loop

    func received(_ frame: Wire.Frame) throws {
        switch frame {
        case .hello(let reply):
            hello.succeed(reply)
        case .response(let response):
            // The Response also ends the server's side of the stream.
            guard let call = state.withLock({ $0.calls.removeValue(forKey: response.callID) }) else { return }
            if let stream = call.stream {
                stream.inbox.finish()
                stream.gate.close(StandardErrors.canceled("the call has ended"))
            }
            call.response.succeed(response.results)
        case .failure(let failure):
            guard let call = state.withLock({ $0.calls.removeValue(forKey: failure.callID) }) else { return }
            call.fail(failure.error ?? StandardErrors.internal("the server failed the call without an error"))
        case .data(let data):
            guard let call = state.withLock({ $0.calls[data.callID] }) else { return }
            if data.hasItem, call.stream?.inbox.push(data.item) != .accepted {
                cancel(data.callID, with: StandardErrors.badProtocol("the server sent a stream item beyond the granted window or after its end"))
                return
            }
            if data.endOfStream { call.stream?.inbox.finish() }
        case .credit(let credit):
            state.withLock { $0.calls[credit.callID] }?.stream?.gate.grant(Int(credit.bytes))
        case .ping(let ping):
            if !ping.ack { writer.write(Wire.Frame.ping(Wire.Ping(payload: ping.payload, ack: true))) }
        case .goAway(let goAway):
            // Calls above LastCallID were never started: they can be retried on a new connection.
            let refused = state.withLock { state -> [PendingCall] in
                state.unusable = goAway.error ?? StandardErrors.unavailable("the server is shutting down")
                let ids = state.calls.keys.filter { $0 > goAway.lastCallID }
                return ids.compactMap { state.calls.removeValue(forKey: $0) }
            }
            refused.forEach { $0.fail(StandardErrors.unavailable("the server is shutting down and did not start the call")) }
            if let error = goAway.error {
                closed(error)
            }
        case .request, .cancel, .auth:
            throw FrameError.malformedFrame("a server sent a \(frame.kindName) frame")
        }
    }

    /// The connection is gone. New calls go to a new connection; calls in flight fail without an
    /// automatic retry, because the server may already have run them.
    func closed(_ error: VDLError) {
        hello.fail(error)
        let calls = state.withLock { state -> [PendingCall] in
            if state.unusable == nil { state.unusable = error }
            defer { state.calls = [:] }
            return Array(state.calls.values)
        }
        var inFlight = error
        if inFlight.retryAction == .retryConnection {
            inFlight.retryAction = .noRetry
            inFlight.message += " while the call was in flight (it may have run)"
        }
        calls.forEach { $0.fail(inFlight) }
    }
}

/// Feeds a client connection's frames to it, and keeps the connection alive with pings.
final class ClientConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = Wire.Frame
    typealias OutboundOut = Wire.Frame

    private let connection: ClientConnection
    private let logger: Logger
    private var unansweredPing = false

    init(connection: ClientConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        unansweredPing = false
        do {
            try connection.received(unwrapInboundIn(data))
        } catch {
            errorCaught(context: context, error: error)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is IdleStateHandler.IdleStateEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if unansweredPing {
            logger.debug("closing a connection whose server stopped answering pings")
            connection.closed(StandardErrors.unavailable("the server stopped answering keepalive pings"))
            context.close(promise: nil)
            return
        }
        unansweredPing = true
        context.writeAndFlush(wrapOutboundOut(.ping(Wire.Ping(payload: 1, ack: false))), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Bytes that are not the protocol are the server's fault; a failed TLS handshake is a
        // misconfiguration (not retried); other I/O errors (a reset) are retryable.
        var failure: VDLError
        switch error {
        case is FrameError:
            failure = StandardErrors.badProtocol("the server broke the protocol: \(error)")
        case is NIOSSLError, is BoringSSLError:
            failure = StandardErrors.unavailable("the TLS handshake with the server failed (\(error)): the server may be plaintext, or refuse this client's certificate")
            failure.retryAction = .noRetry
        default:
            failure = StandardErrors.unavailable("the connection to the server failed: \(error)")
        }
        connection.closed(failure)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.closed(StandardErrors.unavailable("the connection to the server closed"))
        context.fireChannelInactive()
    }
}

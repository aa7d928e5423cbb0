import Logging
import NIOCore
import VDLRPC
import VDLSecurity
import VDLWire

/// Serves one connection on its event loop: the Hello exchange, then frames routed to calls.
/// Each call runs in its own task (by default on this event loop); its final frame is decided
/// here, on the loop, so a call ends exactly once. A protocol error closes this connection only.
final class ServerConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = Wire.Frame
    typealias OutboundIn = Wire.Frame
    typealias OutboundOut = Wire.Frame

    /// Asks the connection to stop taking calls, finish the ones in flight, then close.
    struct Drain: Sendable {}

    /// A call whose task is running. It stays until the task returns, so it counts against the
    /// concurrency limit even after a failure or its deadline has ended it for the client.
    private struct ActiveCall {
        let task: Task<Void, Never>
        /// Nil for unary calls, which have no stream.
        let stream: ConnectionStream?
        /// Set once the call's final frame (Response or Failure) is queued.
        var ended = false
        var deadlineTimer: Scheduled<Void>?
    }

    private let core: ServerCore
    private let logger: Logger
    private var channel: (any Channel)?
    private var writer: FrameWriter?
    private var helloDone = false
    /// On TLS, set after Hello until the client's Auth frame arrives.
    private var awaitingAuth = false
    /// What this server presented in its Hello, and what the client presented in Auth.
    private var localBlessings = Blessings.empty
    private var remoteBlessings = Blessings.empty
    private var remoteKey: PublicKey?
    /// The client's address, formatted once for every call's context.
    private var peer = "unknown"
    private var peerInitialWindow = 256 << 10
    private var peerMaxFrameSize = 4 << 20
    private var calls: [UInt64: ActiveCall] = [:]
    /// The highest call id seen (ids must increase) and the highest one started (for GoAway).
    private var lastCallID: UInt64 = 0
    private var lastStartedCallID: UInt64 = 0
    private var draining = false
    private var closing = false
    private var handshakeTimer: Scheduled<Void>?
    private var idleTimer: Scheduled<Void>?
    /// When the connection last became free of calls, for the idle timeout.
    private var idleSince = NIODeadline.now()
    /// Where calls' tasks run; nil for the global executor.
    private let executor: EventLoopTaskExecutor?

    init(core: ServerCore, logger: Logger, eventLoop: any EventLoop) {
        self.core = core
        self.logger = logger
        switch core.configuration.handlerExecution {
        case .connectionEventLoop: executor = EventLoopTaskExecutor(eventLoop)
        case .globalExecutor: executor = nil
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        channel = context.channel
        writer = FrameWriter(channel: context.channel)
        peer = context.channel.remoteAddress.map { ServerAddress($0).description } ?? "unknown"
        let timeout = TimeAmount(core.configuration.transport.handshakeTimeout)
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        handshakeTimer = context.eventLoop.scheduleTask(in: timeout) {
            let handler = loopBound.value
            guard !handler.helloDone || handler.awaitingAuth, let channel = handler.channel else { return }
            let missing = handler.helloDone ? "Auth" : "Hello"
            handler.logger.debug("closing a connection that sent no \(missing) in time")
            handler.closeWithGoAway(channel: channel, error: StandardErrors.badProtocol("no \(missing) within \(handler.core.configuration.transport.handshakeTimeout)"))
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard helloDone else {
            handshake(context: context, frame: frame)
            return
        }
        if awaitingAuth {
            authenticate(context: context, frame: frame)
            return
        }
        switch frame {
        case .request(let request): startCall(context: context, request)
        case .data(let data):
            guard let call = calls[data.callID], !call.ended else { return }  // the call already ended
            guard let stream = call.stream else {
                // A unary call's Request ended the client's stream.
                if data.hasItem { failCall(data.callID, StandardErrors.badProtocol("stream item after the client ended its stream")) }
                return
            }
            if data.hasItem {
                switch stream.inbox.push(data.item) {
                case .accepted: break
                case .beyondCredit:
                    failCall(data.callID, StandardErrors.badProtocol("stream item beyond the granted window"))
                    return
                case .afterEnd:
                    failCall(data.callID, StandardErrors.badProtocol("stream item after the client ended its stream"))
                    return
                }
            }
            if data.endOfStream { stream.inbox.finish() }
        case .cancel(let cancel):
            calls[cancel.callID]?.task.cancel()
        case .credit(let credit):
            calls[credit.callID]?.stream?.gate.grant(Int(credit.bytes))
        case .ping(let ping):
            if !ping.ack { context.writeAndFlush(wrapOutboundOut(.ping(Wire.Ping(payload: ping.payload, ack: true))), promise: nil) }
        case .goAway:
            draining = true
            closeIfDrained(context: context)
        case .hello, .response, .failure, .auth:
            protocolError(context: context, "unexpected \(frame.kindName) frame from a client")
        }
    }

    private func handshake(context: ChannelHandlerContext, frame: Wire.Frame) {
        guard case .hello(let hello) = frame else {
            protocolError(context: context, "expected Hello as the first frame, got \(frame.kindName)")
            return
        }
        guard hello.versions.contains(protocolVersion) else {
            let offered = hello.versions.map(String.init).joined(separator: ", ")
            protocolError(context: context, "no common protocol version: the client speaks [\(offered)], this server speaks [\(protocolVersion)]")
            return
        }
        guard hello.maxFrameSize >= 1024 else {
            protocolError(context: context, "max_frame_size \(hello.maxFrameSize) is below the minimum of 1024 bytes")
            return
        }
        helloDone = true
        peerInitialWindow = max(1, Int(hello.initialWindow))
        peerMaxFrameSize = Int(hello.maxFrameSize)
        let configuration = core.configuration.transport
        if let principal = core.principal {
            localBlessings = principal.blessingStore.defaultBlessings
            awaitingAuth = true
        } else {
            handshakeTimer?.cancel()
        }
        let reply = Wire.Hello(
            versions: [protocolVersion], maxFrameSize: UInt32(configuration.maxFrameSize),
            initialWindow: UInt32(clamping: max(1, configuration.initialWindow)), agent: agentName,
            blessings: localBlessings.wire)
        context.writeAndFlush(wrapOutboundOut(.hello(reply)), promise: nil)
        idleSince = .now()
        armIdleTimer(context: context, in: TimeAmount(configuration.idleTimeout))
    }

    /// On TLS, the client's second frame: its blessings, which must be bound to the key of its
    /// TLS certificate (so blessings copied from another connection are useless).
    private func authenticate(context: ChannelHandlerContext, frame: Wire.Frame) {
        guard case .auth(let auth) = frame else {
            protocolError(context: context, "expected Auth after Hello on a TLS connection, got \(frame.kindName)")
            return
        }
        do {
            let blessings = try Blessings(wire: auth.blessings)
            let channelKey = try TLSContexts.peerKey(of: context.channel)
            if let key = blessings.publicKey {
                guard key == channelKey else {
                    throw SecurityError.keyMismatch("the client's blessings \(blessings) are bound to key \(key), not to the key of its TLS certificate (\(channelKey))")
                }
            }
            remoteBlessings = blessings
            remoteKey = channelKey
            awaitingAuth = false
            handshakeTimer?.cancel()
        } catch {
            protocolError(context: context, "authentication failed: \(error)")
        }
    }

    private func startCall(context: ChannelHandlerContext, _ request: Wire.Request) {
        guard request.callID > lastCallID else {
            protocolError(context: context, "call id \(request.callID) is not above the previous one (\(lastCallID))")
            return
        }
        lastCallID = request.callID
        if draining || closing {
            reply(context: context, .failure(request.callID, StandardErrors.unavailable("the server is shutting down")))
            return
        }
        if calls.count >= core.configuration.maxConcurrentCallsPerConnection {
            var error = StandardErrors.unavailable("too many concurrent calls on this connection (limit \(core.configuration.maxConcurrentCallsPerConnection))")
            error.retryAction = .retryBackoff
            reply(context: context, .failure(request.callID, error))
            return
        }
        guard let route = core.route(for: request.method) else {
            reply(context: context, .failure(request.callID, StandardErrors.unknownMethod(request.method)))
            return
        }
        lastStartedCallID = request.callID
        let writer = self.writer ?? FrameWriter(channel: context.channel)
        let peerMaxFrameSize = self.peerMaxFrameSize
        var stream: ConnectionStream?
        if route.handler.descriptor.kind != .unary {
            stream = ConnectionStream(
                callID: request.callID, writer: writer, window: max(1, core.configuration.transport.initialWindow),
                sendWindow: peerInitialWindow, peerMaxFrameSize: peerMaxFrameSize)
            if request.endOfStream { stream?.inbox.finish() }
        }
        let deadline = request.timeoutMicros > 0 ? ContinuousClock.now + .microseconds(Int64(clamping: request.timeoutMicros)) : nil
        let call = ServerCore.Call(
            request: request, deadline: deadline,
            peer: peer,
            localBlessings: localBlessings, remoteBlessings: remoteBlessings, remoteKey: remoteKey)
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let core = self.core
        let callID = request.callID
        let eventLoop = context.eventLoop
        let task = Task(executorPreference: executor) { [stream] in
            let frame: Wire.Frame
            do {
                let results = try await core.serve(call, route: route, stream: stream ?? UnaryStream())
                if results.count + ConnectionStream.frameOverhead > peerMaxFrameSize {
                    frame = .failure(callID, StandardErrors.internal("the results are \(results.count) bytes, more than the client's frame limit of \(peerMaxFrameSize)"))
                } else {
                    frame = .response(Wire.Response(callID: callID, results: results))
                }
            } catch {
                frame = .failure(callID, fitting: VDLError(converting: error), within: peerMaxFrameSize)
            }
            if eventLoop.inEventLoop {
                loopBound.value.callReturned(callID, frame)
            } else {
                eventLoop.execute { loopBound.value.callReturned(callID, frame) }
            }
        }
        var active = ActiveCall(task: task, stream: stream)
        if request.timeoutMicros > 0 {
            let method = route.handler.descriptor.fullName
            active.deadlineTimer = eventLoop.scheduleTask(in: .microseconds(Int64(clamping: request.timeoutMicros))) {
                let handler = loopBound.value
                handler.failCall(callID, StandardErrors.timeout("\(method) did not finish before its deadline"))
            }
        }
        calls[callID] = active
    }

    /// On the loop, once the call's task has returned: queues its final frame unless the call
    /// already ended (a protocol failure or its deadline), and forgets the call.
    private func callReturned(_ callID: UInt64, _ frame: Wire.Frame) {
        guard let call = calls.removeValue(forKey: callID) else { return }
        call.deadlineTimer?.cancel()
        if !call.ended { writer?.write(frame) }
        if let stream = call.stream {
            let ended = StandardErrors.canceled("the call has ended")
            stream.gate.close(ended)
            stream.inbox.fail(ended)
        }
        guard calls.isEmpty else { return }
        idleSince = .now()
        if draining, let channel { closeWithGoAway(channel: channel, error: nil) }
    }

    /// Closes the connection once it has had no calls for the idle timeout (pings do not keep it
    /// open). The timer is not re-armed per call: when it fires early it sleeps until the
    /// connection could first be idle long enough.
    private func armIdleTimer(context: ChannelHandlerContext, in delay: TimeAmount) {
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        idleTimer = context.eventLoop.scheduleTask(in: delay) {
            let handler = loopBound.value
            guard let channel = handler.channel, !handler.closing,
                  let context = try? channel.pipeline.syncOperations.context(handlerType: ServerConnectionHandler.self) else { return }
            let timeout = TimeAmount(handler.core.configuration.transport.idleTimeout)
            let idleUntil = handler.idleSince + timeout
            if !handler.calls.isEmpty {
                handler.armIdleTimer(context: context, in: timeout)
            } else if idleUntil > .now() {
                handler.armIdleTimer(context: context, in: idleUntil - .now())
            } else {
                handler.logger.debug("closing an idle connection")
                handler.closeWithGoAway(channel: channel, error: nil)
            }
        }
    }

    /// Ends a call for the client with `error` and cancels its task; the call is forgotten when
    /// the task returns.
    private func failCall(_ callID: UInt64, _ error: VDLError) {
        guard var call = calls[callID], !call.ended else { return }
        call.ended = true
        call.deadlineTimer?.cancel()
        call.deadlineTimer = nil
        calls[callID] = call
        call.task.cancel()
        call.stream?.inbox.fail(error)
        call.stream?.gate.close(error)
        writer?.write(.failure(callID, error))
    }

    private func reply(context: ChannelHandlerContext, _ frame: Wire.Frame) {
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    private func closeIfDrained(context: ChannelHandlerContext) {
        if draining, calls.isEmpty { closeWithGoAway(channel: context.channel, error: nil) }
    }

    /// Sends GoAway (with the error, if any) and closes once it is written. LastCallID is the last
    /// call this connection started; calls it refused or never saw were not run.
    private func closeWithGoAway(channel: any Channel, error: VDLError?) {
        guard !closing else { return }
        closing = true
        handshakeTimer?.cancel()
        idleTimer?.cancel()
        // Through the writer, behind the final frames of the calls that just ended.
        let goAway = Wire.Frame.goAway(lastCallID: lastStartedCallID, error)
        let written = writer?.writeObserved(goAway) ?? channel.writeAndFlush(goAway)
        written.whenComplete { _ in channel.close(promise: nil) }
    }

    private func protocolError(context: ChannelHandlerContext, _ message: String) {
        logger.debug("closing connection after a protocol error", metadata: ["error": "\(message)"])
        for call in calls.values { call.task.cancel() }
        closeWithGoAway(channel: context.channel, error: StandardErrors.badProtocol(message))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        protocolError(context: context, String(describing: error))
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        idleTimer?.cancel()
        let gone = StandardErrors.canceled("the connection closed")
        for call in calls.values {
            call.deadlineTimer?.cancel()
            call.task.cancel()
            call.stream?.inbox.fail(gone)
            call.stream?.gate.close(gone)
        }
        context.fireChannelInactive()
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is Drain else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        draining = true
        if calls.isEmpty {
            closeWithGoAway(channel: context.channel, error: nil)
        } else {
            // Tell the client now, so it sends new calls elsewhere; close when the last call ends.
            context.writeAndFlush(wrapOutboundOut(.goAway(lastCallID: lastStartedCallID)), promise: nil)
        }
        promise?.succeed()
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        self = .nanoseconds(duration.nanoseconds)
    }
}

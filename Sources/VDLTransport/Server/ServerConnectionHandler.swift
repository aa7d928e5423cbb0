import Logging
import NIOCore
import VDLRPC
import VDLWire

/// Serves one connection on its event loop: the Hello exchange, then frames routed to calls.
/// Each call runs in its own task; a protocol error closes this connection only.
final class ServerConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = Wire.Frame
    typealias OutboundIn = Wire.Frame
    typealias OutboundOut = Wire.Frame

    /// Asks the connection to stop taking calls, finish the ones in flight, then close.
    struct Drain: Sendable {}

    private struct ActiveCall {
        let task: Task<Void, Never>
        let stream: ConnectionStream
    }

    private let core: ServerCore
    private let logger: Logger
    private var channel: (any Channel)?
    private var writer: FrameWriter?
    private var helloDone = false
    private var peerInitialCredit = 16
    private var calls: [UInt64: ActiveCall] = [:]
    private var lastCallID: UInt64 = 0
    private var draining = false
    private var closing = false

    init(core: ServerCore, logger: Logger) {
        self.core = core
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        channel = context.channel
        writer = FrameWriter(channel: context.channel)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard helloDone else {
            handshake(context: context, frame: frame)
            return
        }
        switch frame {
        case .request(let request): startCall(context: context, request)
        case .data(let data):
            guard let call = calls[data.callID] else { return }  // the call already ended
            if data.hasItem, !call.stream.inbox.push(data.item) {
                failCall(context: context, data.callID, StandardErrors.badProtocol("stream item beyond the granted credit"))
                return
            }
            if data.endOfStream { call.stream.inbox.finish() }
        case .cancel(let cancel):
            calls[cancel.callID]?.task.cancel()
        case .credit(let credit):
            calls[credit.callID]?.stream.gate.grant(Int(credit.count))
        case .ping(let ping):
            if !ping.ack { context.writeAndFlush(wrapOutboundOut(.ping(Wire.Ping(payload: ping.payload, ack: true))), promise: nil) }
        case .goAway:
            draining = true
            closeIfDrained(context: context)
        case .hello, .response, .failure:
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
        helloDone = true
        peerInitialCredit = max(1, Int(hello.initialCredit))
        let configuration = core.configuration.transport
        let reply = Wire.Hello(
            versions: [protocolVersion], maxFrameSize: UInt32(configuration.maxFrameSize),
            initialCredit: UInt32(configuration.initialCredit), agent: agentName)
        context.writeAndFlush(wrapOutboundOut(.hello(reply)), promise: nil)
    }

    private func startCall(context: ChannelHandlerContext, _ request: Wire.Request) {
        guard request.callID > lastCallID else {
            protocolError(context: context, "call id \(request.callID) is not above the previous one (\(lastCallID))")
            return
        }
        lastCallID = request.callID
        if draining {
            reply(context: context, .failure(request.callID, StandardErrors.unavailable("the server is shutting down")))
            return
        }
        if calls.count >= core.configuration.maxConcurrentCallsPerConnection {
            var error = StandardErrors.unavailable("too many concurrent calls on this connection (limit \(core.configuration.maxConcurrentCallsPerConnection))")
            error.retryAction = .retryBackoff
            reply(context: context, .failure(request.callID, error))
            return
        }
        guard let handler = core.handler(for: request.method) else {
            reply(context: context, .failure(request.callID, StandardErrors.unknownMethod(request.method)))
            return
        }
        let writer = self.writer ?? FrameWriter(channel: context.channel)
        let stream = ConnectionStream(
            callID: request.callID, writer: writer,
            inboxLimit: core.configuration.transport.initialCredit, sendCredit: peerInitialCredit)
        if request.endOfStream { stream.inbox.finish() }
        let deadline = request.timeoutMicros > 0 ? ContinuousClock.now + .microseconds(Int64(clamping: request.timeoutMicros)) : nil
        let callContext = ServerCallContext(
            method: handler.descriptor, object: request.object, deadline: deadline,
            metadata: request.metadata, peer: context.channel.remoteAddress.map { ServerAddress($0).description } ?? "unknown")
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let core = self.core
        let callID = request.callID
        let arguments = request.arguments
        let task = Task {
            let frame: Wire.Frame
            do {
                let results = try await core.run(handler, arguments: arguments, stream: stream, context: callContext)
                frame = .response(Wire.Response(callID: callID, results: results))
            } catch {
                frame = .failure(callID, VDLError(converting: error))
            }
            stream.gate.close(StandardErrors.canceled("the call has ended"))
            stream.inbox.fail(StandardErrors.canceled("the call has ended"))
            writer.write(frame)
            writer.channel.eventLoop.execute { loopBound.value.callEnded(callID) }
        }
        calls[callID] = ActiveCall(task: task, stream: stream)
    }

    private func callEnded(_ callID: UInt64) {
        calls[callID] = nil
        if draining, calls.isEmpty, let channel { closeWithGoAway(channel: channel, error: nil) }
    }

    private func failCall(context: ChannelHandlerContext, _ callID: UInt64, _ error: VDLError) {
        guard let call = calls[callID] else { return }
        call.task.cancel()
        call.stream.inbox.fail(error)
        call.stream.gate.close(error)
        reply(context: context, .failure(callID, error))
    }

    private func reply(context: ChannelHandlerContext, _ frame: Wire.Frame) {
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    private func closeIfDrained(context: ChannelHandlerContext) {
        if draining, calls.isEmpty { closeWithGoAway(channel: context.channel, error: nil) }
    }

    /// Sends GoAway (with the error, if any) and closes once it is written.
    private func closeWithGoAway(channel: any Channel, error: VDLError?) {
        guard !closing else { return }
        closing = true
        let goAway = Wire.Frame.goAway(lastCallID: lastCallID, error)
        channel.writeAndFlush(goAway).whenComplete { _ in channel.close(promise: nil) }
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
        let gone = StandardErrors.canceled("the connection closed")
        for call in calls.values {
            call.task.cancel()
            call.stream.inbox.fail(gone)
            call.stream.gate.close(gone)
        }
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent, calls.isEmpty {
            logger.debug("closing idle connection")
            closeWithGoAway(channel: context.channel, error: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
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
            context.writeAndFlush(wrapOutboundOut(.goAway(lastCallID: lastCallID)), promise: nil)
        }
        promise?.succeed()
    }
}

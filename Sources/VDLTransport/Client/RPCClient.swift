import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import VDLRPC
import VDLSecurity
import VDLWire

/// Calls a server over TCP or a Unix socket; generated clients use it as their transport.
///
/// One connection is shared by all calls and re-established when it breaks. A call that fails
/// with a retryable error (RetryConnection, RetryBackoff) is retried while attempts and its
/// deadline allow, unless it has streamed (a stream cannot be replayed).
///
/// With TLS, the client checks the server's blessings before it sends anything: with
/// `serverBlessings` set, a server none of whose valid names match the pattern is refused
/// (`vdl.NotTrusted`) and the call is never sent.
///
/// ```swift
/// let client = RPCClient(target: try ServerAddress(parsing: "127.0.0.1:8080"), security: .tls(principal),
///                        serverBlessings: "root:fortune")
/// let fortune = Fortune.Fortune.Client(transport: client)
/// print(try await fortune.get())
/// ```
public final class RPCClient: ClientTransport, Sendable {
    public let target: ServerAddress
    /// The pattern the server's blessings must match; nil accepts any server.
    public let serverBlessings: Access.BlessingPattern?
    private let security: TransportSecurity
    private let tls: Result<NIOSSLContext, any Error>?
    private let configuration: RPCClientConfiguration
    private let interceptors: [any ClientInterceptor]
    private let logger: Logger
    private let group: any EventLoopGroup
    private let current = Mutex(Current())

    /// The connection calls use: the task that makes it and, once made, the connection itself,
    /// so a call on an open connection takes it without awaiting the task.
    private struct Current {
        var task: Task<ClientConnection, any Error>?
        var connection: ClientConnection?
    }

    /// - Parameters:
    ///   - security: `.tls(principal)`, or `.plaintext` for local tests only.
    ///   - serverBlessings: with TLS, the pattern one of the server's valid blessing names must match.
    public init(
        target: ServerAddress, security: TransportSecurity, serverBlessings: Access.BlessingPattern? = nil,
        configuration: RPCClientConfiguration = RPCClientConfiguration(),
        interceptors: [any ClientInterceptor] = [], logger: Logger = Logger(label: "vdl.client"),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.target = target
        self.security = security
        self.serverBlessings = serverBlessings
        self.tls = security.principal.map { principal in Result { try TLSContexts.client(for: principal) } }
        self.configuration = configuration
        self.interceptors = interceptors
        self.logger = logger
        self.group = group
    }

    /// Closes the connection; calls in flight fail.
    public func close() async {
        let task = current.withLock { current -> Task<ClientConnection, any Error>? in
            defer { current = Current() }
            return current.task
        }
        if let connection = try? await task?.value {
            try? await connection.channel.close()
        }
    }

    public func call<R: Sendable>(
        _ request: CallRequest, arguments: [UInt8],
        body: @Sendable (any RawClientStream) async throws -> R
    ) async throws -> (result: R, response: [UInt8]) {
        let deadline = request.options.timeout.map { ContinuousClock.now + $0 }
        let streams = request.method.kind != .unary
        var attempt = 1
        while true {
            do {
                return try await intercepted(request, arguments: arguments, deadline: deadline, body: body)
            } catch let error as VDLError {
                guard !streams, attempt < configuration.maxAttempts, let pause = retryPause(error, attempt: attempt, deadline: deadline) else {
                    throw error
                }
                logger.debug("retrying \(request.method.fullName)", metadata: ["attempt": "\(attempt + 1)", "error": "\(error.id)"])
                attempt += 1
                try await Task.sleep(for: pause)
            }
        }
    }

    /// How long to wait before retrying, or nil when the error or the deadline rules it out.
    private func retryPause(_ error: VDLError, attempt: Int, deadline: ContinuousClock.Instant?) -> Duration? {
        let pause: Duration
        switch error.retryAction {
        case .retryConnection: pause = .zero
        case .retryBackoff: pause = configuration.initialBackoff * (1 << (attempt - 1))
        default: return nil
        }
        if let deadline, ContinuousClock.now + pause >= deadline { return nil }
        return pause
    }

    private func intercepted<R: Sendable>(
        _ request: CallRequest, arguments: [UInt8], deadline: ContinuousClock.Instant?,
        body: @Sendable (any RawClientStream) async throws -> R
    ) async throws -> (result: R, response: [UInt8]) {
        guard !interceptors.isEmpty else {
            return try await attempt(request, arguments: arguments, deadline: deadline, body: body)
        }
        let result = Mutex<R?>(nil)
        return try await withoutActuallyEscaping(body) { body in
            var next: @Sendable (CallRequest) async throws -> [UInt8] = { request in
                let (value, response) = try await self.attempt(request, arguments: arguments, deadline: deadline, body: body)
                result.withLock { $0 = value }
                return response
            }
            for interceptor in interceptors.reversed() {
                let inner = next
                next = { request in try await interceptor.intercept(request, next: inner) }
            }
            let response = try await next(request)
            guard let value = result.withLock({ $0 }) else { throw StandardErrors.internal("an interceptor returned without running the call") }
            return (value, response)
        }
    }

    /// One attempt of a call on the current connection.
    private func attempt<R: Sendable>(
        _ request: CallRequest, arguments: [UInt8], deadline: ContinuousClock.Instant?,
        body: @Sendable (any RawClientStream) async throws -> R
    ) async throws -> (result: R, response: [UInt8]) {
        if let deadline, deadline <= ContinuousClock.now {
            throw StandardErrors.timeout("\(request.method.fullName): the deadline passed before the call started")
        }
        var remaining = request
        if let deadline {
            var options = request.options
            options.timeout = deadline - ContinuousClock.now
            remaining = CallRequest(method: request.method, object: request.object, options: options)
        }
        let connection = try await connection()
        let (id, call) = try connection.start(remaining, arguments: arguments)
        let timer = deadline.map { deadline in
            connection.channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(clamping: (deadline - ContinuousClock.now).nanoseconds))) {
                connection.cancel(id, with: StandardErrors.timeout("\(request.method.fullName) did not finish before its deadline"))
            }
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            let result: R
            do {
                result = try await body(call.stream ?? UnaryStream())
                if request.method.kind.clientStreams { try? await call.stream?.closeSend() }
            } catch {
                connection.cancel(id, with: VDLError(converting: error))
                _ = try? await call.response.futureResult.get()
                throw error
            }
            let response = try await call.response.futureResult.get()
            return (result, response)
        } onCancel: {
            connection.cancel(id, with: StandardErrors.canceled("\(request.method.fullName) was canceled by the client"))
        }
    }

    /// The shared connection, connecting (once, for all waiting calls) when there is none or the
    /// current one is closed or draining.
    func connection() async throws -> ClientConnection {
        if let connection = current.withLock({ $0.connection }), connection.isUsable { return connection }
        for _ in 0..<2 {
            let task = current.withLock { current -> Task<ClientConnection, any Error> in
                if let existing = current.task { return existing }
                let setup = ClientConnection.Setup(
                    address: target, configuration: configuration, principal: security.principal,
                    tls: tls, serverBlessings: serverBlessings)
                let group = self.group, logger = self.logger
                let fresh = Task { try await ClientConnection.connect(setup, group: group, logger: logger) }
                current = Current(task: fresh)
                return fresh
            }
            do {
                let connection = try await task.value
                if connection.isUsable {
                    current.withLock { if $0.task == task { $0.connection = connection } }
                    return connection
                }
                current.withLock { if $0.task == task { $0 = Current() } }
            } catch {
                current.withLock { if $0.task == task { $0 = Current() } }
                throw (error as? VDLError) ?? StandardErrors.unavailable("cannot connect to \(target): \(error)")
            }
        }
        throw StandardErrors.unavailable("\(target) closed the new connection at once")
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}

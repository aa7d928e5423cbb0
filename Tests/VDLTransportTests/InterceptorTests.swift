import NIOPosix
import Synchronization
import Testing
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// Adds a token to every call.
struct TokenInterceptor: ClientInterceptor {
    let token: String
    func intercept(_ request: CallRequest, next: @Sendable (CallRequest) async throws -> [UInt8]) async throws -> [UInt8] {
        var options = request.options
        options.metadata["token"] = token
        return try await next(CallRequest(method: request.method, object: request.object, options: options))
    }
}

/// Refuses calls without the right token, as an authorizer would; records the order it ran in.
struct GateInterceptor: ServerInterceptor {
    let name: String
    let log: Log
    func intercept(_ context: ServerCallContext, next: @Sendable (ServerCallContext) async throws -> [UInt8]) async throws -> [UInt8] {
        log.append(name)
        guard context.metadata["token"] == "secret" else {
            throw StandardErrors.noAccess("\(context.method.fullName) needs a token")
        }
        return try await next(context)
    }
}

/// Records whether calls run on an event loop thread (with a SwiftNIO event loop current).
struct ThreadInterceptor: ServerInterceptor {
    let log: Log
    func intercept(_ context: ServerCallContext, next: @Sendable (ServerCallContext) async throws -> [UInt8]) async throws -> [UInt8] {
        log.append(MultiThreadedEventLoopGroup.currentEventLoop == nil ? "executor" : "event loop")
        return try await next(context)
    }
}

final class Log: Sendable {
    private let entries = Mutex<[String]>([])
    func append(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
}

@Suite(.timeLimit(.minutes(1)))
struct InterceptorTests {
    @Test func interceptorsRunInOrderAndCanRefuseACall() async throws {
        let log = Log()
        let fortunes = TestFortunes()
        let server = RPCServer(
            services: [Fortune.Fortune.registration(fortunes)], security: .plaintext, authorizer: .allowEveryone,
            interceptors: [GateInterceptor(name: "first", log: log), ServerMetricsInterceptor(), GateInterceptor(name: "second", log: log)])
        let address = try await server.bind(to: .tcp(host: "127.0.0.1", port: 0))
        let running = Task { try await server.run() }
        defer { server.beginShutdown() }

        let anonymous = Fortune.Fortune.Client(transport: RPCClient(target: address, security: .plaintext))
        let refused = await vdlError { try await anonymous.add(fortune: "x") }
        #expect(refused?.id == StandardErrors.noAccessID)
        #expect(fortunes.fortunes.withLock { $0 }.isEmpty, "a refused call must not reach the method")
        #expect(log.all == ["first"])

        let trusted = Fortune.Fortune.Client(transport: RPCClient(target: address, security: .plaintext, interceptors: [TokenInterceptor(token: "secret"), ClientMetricsInterceptor()]))
        try await trusted.add(fortune: "x")
        #expect(log.all == ["first", "first", "second"])
        #expect(fortunes.fortunes.withLock { $0 } == ["x"])
        server.beginShutdown()
        try await running.value
    }

    @Test(arguments: [(RPCServerConfiguration.HandlerExecution.connectionEventLoop, "event loop"), (.globalExecutor, "executor")])
    func methodsRunWhereTheConfigurationSays(_ execution: RPCServerConfiguration.HandlerExecution, _ expected: String) async throws {
        let log = Log()
        var configuration = RPCServerConfiguration()
        configuration.handlerExecution = execution
        let server = RPCServer(
            services: [Features.Store.registration(TestStore())], security: .plaintext, authorizer: .allowEveryone,
            configuration: configuration, interceptors: [ThreadInterceptor(log: log)])
        let address = try await server.bind(to: .tcp(host: "127.0.0.1", port: 0))
        let running = Task { try await server.run() }
        let client = Features.Store.Client(transport: RPCClient(target: address, security: .plaintext))
        #expect(try await client.ping(message: "a").hasPrefix("pong: a"))
        let sum = try await client.upload { stream in
            for x in 1...3 { try await stream.send(Features.Point(x: Int32(x))) }
            try await stream.closeSend()
        }
        #expect(sum == 6)
        #expect(log.all == [expected, expected])
        server.beginShutdown()
        try await running.value
    }

    @Test func connectionsBeyondTheLimitAreRefused() async throws {
        var configuration = RPCServerConfiguration()
        configuration.maxConnections = 1
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())], configuration: configuration) { (_, address) async throws in
            let first = Fortune.Fortune.Client(transport: RPCClient(target: address, security: .plaintext))
            #expect(try await first.has(fortune: "a") == false)
            var single = RPCClientConfiguration()
            single.maxAttempts = 1
            let second = Fortune.Fortune.Client(transport: RPCClient(target: address, security: .plaintext, configuration: single))
            let start = ContinuousClock.now
            let error = await vdlError { _ = try await second.has(fortune: "a") }
            // The server's GoAway reaches the client (it is not lost to a reset).
            #expect(error?.id == StandardErrors.unavailableID)
            #expect(error?.message.contains("limit of 1 connections") == true, "\(String(describing: error))")
            #expect(error?.retryAction == .retryBackoff)
            // Refused at once, not after the client's 10 s Hello timeout (the margin is for a
            // loaded machine).
            #expect(ContinuousClock.now - start < .seconds(8))
            // The admitted connection keeps working.
            #expect(try await first.has(fortune: "a") == false)
        }
    }
}

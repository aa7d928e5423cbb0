import Synchronization
import Testing
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// Deadlines, cancellation, retries, graceful shutdown, backpressure and limits.
@Suite(.timeLimit(.minutes(1)))
struct ReliabilityTests {
    @Test func deadlinePropagatesAndCancelsTheServerSide() async throws {
        let fortunes = TestFortunes(addDelay: .seconds(20))
        try await withServer(services: [Fortune.Fortune.registration(fortunes)]) { (_, address) async throws in
            let client = Fortune.Fortune.Client(transport: RPCClient(target: address, security: .plaintext))
            let start = ContinuousClock.now
            let error = await vdlError { try await client.add(fortune: "slow", options: CallOptions(timeout: .milliseconds(200))) }
            #expect(error?.id == StandardErrors.timeoutID)
            // Far below the method's 20 s (generous, for a loaded machine).
            #expect(ContinuousClock.now - start < .seconds(15))
            // The server saw the deadline too and stopped the method.
            try await waitUntil { fortunes.cancelledCalls.load(ordering: .relaxed) == 1 }
            #expect(fortunes.finishedCalls.load(ordering: .relaxed) == 0)
        }
    }

    @Test func cancellingTheClientTaskCancelsTheServerCall() async throws {
        let fortunes = TestFortunes(addDelay: .seconds(20))
        try await withServer(services: [Fortune.Fortune.registration(fortunes)]) { (_, address) async throws in
            let client = Fortune.Fortune.Client(transport: RPCClient(target: address, security: .plaintext))
            let call = Task { try await client.add(fortune: "never") }
            try await Task.sleep(for: .milliseconds(200))
            call.cancel()
            let error = await vdlError { try await call.value }
            #expect(error?.id == StandardErrors.canceledID)
            try await waitUntil { fortunes.cancelledCalls.load(ordering: .relaxed) == 1 }
        }
    }

    @Test func retriesOnlyWhatTheRetryActionAllows() async throws {
        let store = TestStore(busyFailures: 2)
        try await withServer(services: [Features.Store.registration(store)]) { (_, address) async throws in
            let client = Features.Store.Client(transport: RPCClient(target: address, security: .plaintext))
            // Busy is RetryBackoff: two failures, then the third attempt answers.
            #expect(try await client.ping(message: "x").hasPrefix("pong"))
            #expect(store.pingCalls.load(ordering: .relaxed) == 3)
            // NotFound is NoRetry: one attempt only.
            let error = await vdlError { _ = try await client.ping(message: "not found") }
            #expect(error?.id == Features.NotFound.id)
            #expect(store.pingCalls.load(ordering: .relaxed) == 4)
        }
    }

    @Test func noRetryWhenTheDeadlineLeavesNoRoom() async throws {
        let store = TestStore(busyFailures: 100)
        try await withServer(services: [Features.Store.registration(store)]) { (_, address) async throws in
            var configuration = RPCClientConfiguration()
            // The first attempt answers Busy well within the deadline; the backoff before a retry
            // would not fit in what is left of it, so there is no retry.
            configuration.initialBackoff = .seconds(60)
            let client = Features.Store.Client(transport: RPCClient(target: address, security: .plaintext, configuration: configuration))
            let error = await vdlError { _ = try await client.ping(message: "x", options: CallOptions(timeout: .seconds(10))) }
            #expect(error?.id == Features.Busy.id)
            #expect(store.pingCalls.load(ordering: .relaxed) == 1)
        }
    }

    @Test func gracefulShutdownFinishesCallsInFlight() async throws {
        let fortunes = TestFortunes(addDelay: .milliseconds(500))
        let server = RPCServer(services: [Fortune.Fortune.registration(fortunes)], security: .plaintext, authorizer: .allowEveryone)
        let address = try await server.bind(to: .tcp(host: "127.0.0.1", port: 0))
        let running = Task { try await server.run() }
        let client = Fortune.Fortune.Client(transport: RPCClient(target: address, security: .plaintext))
        #expect(try await client.has(fortune: "x") == false)  // connected
        let inFlight = Task { try await client.add(fortune: "finishes") }
        try await waitUntil { fortunes.startedCalls.load(ordering: .relaxed) == 1 }
        server.beginShutdown()
        try await inFlight.value
        try await running.value
        #expect(fortunes.finishedCalls.load(ordering: .relaxed) == 1)
        // The server is gone: new calls fail with a connection error.
        let error = await vdlError { _ = try await client.has(fortune: "x") }
        #expect(error?.id == StandardErrors.unavailableID)
    }

    @Test func aSlowReaderBoundsWhatTheServerSends() async throws {
        let store = TestStore()
        var configuration = RPCClientConfiguration()
        // Each item ("many:2000-N" as a Shape) counts at least 32 + 13 bytes against the window.
        configuration.transport.initialWindow = 320
        try await withServer(services: [Features.Store.registration(store)]) { (_, address) async throws in
            let client = Features.Store.Client(transport: RPCClient(target: address, security: .plaintext, configuration: configuration))
            try await client.watch(prefix: "many:2000") { stream in
                try await Task.sleep(for: .milliseconds(300))
                // The server may only be ahead by the window the client granted: 7 items of at
                // least 45 bytes leave the window positive, so an 8th may go, and no more.
                #expect(store.watchSent.load(ordering: .relaxed) <= 8)
                var received = 0
                for try await _ in stream.incoming { received += 1 }
                #expect(received == 2000)
            }
        }
    }

    @Test func concurrentCallLimitPerConnection() async throws {
        var serverConfiguration = RPCServerConfiguration()
        serverConfiguration.maxConcurrentCallsPerConnection = 2
        let fortunes = TestFortunes(addDelay: .seconds(1))
        try await withServer(services: [Fortune.Fortune.registration(fortunes)], configuration: serverConfiguration) { (_, address) async throws in
            var configuration = RPCClientConfiguration()
            configuration.maxAttempts = 1
            let client = Fortune.Fortune.Client(transport: RPCClient(target: address, security: .plaintext, configuration: configuration))
            let refused = await withTaskGroup(of: VDLError?.self) { group in
                for i in 0..<3 {
                    group.addTask { await vdlError { try await client.add(fortune: "\(i)") } }
                    try? await Task.sleep(for: .milliseconds(50))
                }
                return await group.reduce(into: [VDLError]()) { errors, error in
                    if let error { errors.append(error) }
                }
            }
            #expect(refused.count == 1)
            #expect(refused.first?.id == StandardErrors.unavailableID)
            #expect(refused.first?.retryAction == .retryBackoff)
        }
    }

    @Test func idleConnectionsCloseAndClientsReconnect() async throws {
        var configuration = RPCServerConfiguration()
        configuration.transport.idleTimeout = .milliseconds(200)
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())], configuration: configuration) { (_, address) async throws in
            let client = Fortune.Fortune.Client(transport: RPCClient(target: address, security: .plaintext))
            #expect(try await client.has(fortune: "a") == false)
            try await Task.sleep(for: .milliseconds(700))
            #expect(try await client.has(fortune: "a") == false)
        }
    }
}

/// Polls a condition for up to five seconds.
func waitUntil(_ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(5)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within 5 s")
            return
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

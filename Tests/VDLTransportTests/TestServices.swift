import Synchronization
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// A fortune store that can be slowed down and observes cancellation.
final class TestFortunes: Fortune.Fortune.Service {
    let fortunes = Mutex<[String]>([])
    /// How long `add` takes.
    let addDelay: Duration
    let startedCalls = Atomic<Int>(0)
    let cancelledCalls = Atomic<Int>(0)
    let finishedCalls = Atomic<Int>(0)

    init(addDelay: Duration = .zero) { self.addDelay = addDelay }

    func add(fortune: String, context: ServerCallContext) async throws {
        startedCalls.add(1, ordering: .relaxed)
        if addDelay > .zero {
            do {
                try await Task.sleep(for: addDelay)
            } catch {
                cancelledCalls.add(1, ordering: .relaxed)
                throw error
            }
        }
        fortunes.withLock { $0.append(fortune) }
        finishedCalls.add(1, ordering: .relaxed)
    }

    func get(context: ServerCallContext) async throws -> String {
        guard let fortune = fortunes.withLock({ $0.last }) else { throw Fortune.NoFortunes() }
        return fortune
    }

    func has(fortune: String, context: ServerCallContext) async throws -> Bool {
        fortunes.withLock { $0.contains(fortune) }
    }
}

/// Every method shape, plus failures on demand.
final class TestStore: Features.Store.Service {
    let watchSent = Atomic<Int>(0)
    let pingCalls = Atomic<Int>(0)
    /// `ping` fails with Busy (RetryBackoff) this many times before answering.
    let busyFailures: Int

    init(busyFailures: Int = 0) { self.busyFailures = busyFailures }

    func ping(message: String, context: ServerCallContext) async throws -> String {
        let n = pingCalls.add(1, ordering: .relaxed).newValue
        if message == "not found" { throw Features.NotFound(name: message, code: 1) }
        if n <= busyFailures { throw Features.Busy() }
        return "pong: \(message) (\(context.metadata["who"] ?? "?"))"
    }

    func put(key: String, value: Features.Everything, context: ServerCallContext) async throws {}

    func lookup(key: String, context: ServerCallContext) async throws -> (value: Features.Everything, found: Bool) {
        (Features.Everything(s: key, pinned: context.object), true)
    }

    func upload(stream: ServerStream<Features.Point, NoStreamValue>, context: ServerCallContext) async throws -> Int32 {
        var sum: Int32 = 0
        for try await point in stream.incoming { sum += point.x }
        return sum
    }

    func watch(prefix: String, stream: ServerStream<NoStreamValue, Features.Shape>, context: ServerCallContext) async throws {
        let total = Int(prefix.split(separator: ":").last.flatMap { Int($0) } ?? 3)
        for i in 0..<total {
            try await stream.send(.label("\(prefix)-\(i)"))
            watchSent.add(1, ordering: .relaxed)
        }
    }

    func chat(stream: ServerStream<String, String>, context: ServerCallContext) async throws {
        for try await line in stream.incoming { try await stream.send(line.uppercased()) }
    }
}

/// A server on a fresh address, shut down when the test body ends.
func withServer<R>(
    services: [ServiceRegistration], at address: ServerAddress = .tcp(host: "127.0.0.1", port: 0),
    configuration: RPCServerConfiguration = RPCServerConfiguration(),
    security: TransportSecurity = .plaintext, authorizer: any Authorizer = .allowEveryone,
    _ body: (RPCServer, ServerAddress) async throws -> R
) async throws -> R {
    let server = RPCServer(services: services, security: security, authorizer: authorizer, configuration: configuration)
    let bound = try await server.bind(to: address)
    let running = Task { try await server.run() }
    do {
        let result = try await body(server, bound)
        server.beginShutdown()
        try await running.value
        return result
    } catch {
        server.beginShutdown()
        _ = try? await running.value
        throw error
    }
}

func unixSocketAddress() -> ServerAddress {
    .unix(path: "/tmp/vdl-test-\(UInt32.random(in: 0...UInt32.max)).sock")
}

/// The VDL error a call failed with, or nil.
func vdlError(_ body: () async throws -> Void) async -> VDLError? {
    do {
        try await body()
        return nil
    } catch let error as VDLError {
        return error
    } catch {
        return VDLError(id: "unexpected", message: "\(error)")
    }
}

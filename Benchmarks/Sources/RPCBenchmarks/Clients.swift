import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Histogram
import Synchronization
import VDLRPC
import VDLSecurity
import VDLTransport

// MARK: Clients

/// A client of one of the servers, on one connection. `echo` sends a payload of the size it was
/// made for and returns the number of bytes echoed back (checked by the caller).
protocol EchoClient: Sendable {
    var kind: ServerKind { get }
    /// Prepares the request for a payload size (outside the timed loop).
    func prepare(size: Int) -> any Sendable
    func echo(_ prepared: any Sendable) async throws -> Int
    /// Runs one server-streaming call; returns the items and bytes received.
    func stream(count: Int, size: Int, timeout: Duration) async throws -> (items: Int, bytes: Int)
    func close() async
}

extension EchoClient {
    func stream(count: Int, size: Int, timeout: Duration) async throws -> (items: Int, bytes: Int) {
        throw BenchError("\(kind.label) has no streaming call")
    }
}

/// A diagnostic knob, not a default: RPCBENCH_VDL_WINDOW=N sets TransportConfiguration.initialWindow
/// (the flow-control window per call, in bytes) of the swift-vdl client and server.
let vdlWindowOverride: Int? = ProcessInfo.processInfo.environment["RPCBENCH_VDL_WINDOW"].flatMap { Int($0) }

func payload(size: Int) -> [UInt8] {
    (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
}

/// swift-vdl: RPCClient and the generated Bench.Echo.Client; plaintext, or TLS with the run's
/// client principal (blessed `bench:client` by the server), requiring the server to be `bench`.
final class VDLClient: EchoClient {
    let kind: ServerKind
    let transport: RPCClient
    let client: Bench.Echo.Client

    init(kind: ServerKind = .vdl, port: Int) throws {
        self.kind = kind
        var configuration = RPCClientConfiguration()
        if let window = vdlWindowOverride { configuration.transport.initialWindow = window }
        let target = ServerAddress.tcp(host: "127.0.0.1", port: port)
        if kind.usesTLS {
            let material = try TLSMaterial.shared()
            transport = RPCClient(target: target, security: .tls(material.vdlClient),
                                  serverBlessings: TLSMaterial.serverBlessingPattern, configuration: configuration)
        } else {
            transport = RPCClient(target: target, security: .plaintext, configuration: configuration)
        }
        client = Bench.Echo.Client(transport: transport)
    }

    func prepare(size: Int) -> any Sendable { payload(size: size) }

    func echo(_ prepared: any Sendable) async throws -> Int {
        try await client.echo(payload: prepared as! [UInt8]).count
    }

    func stream(count: Int, size: Int, timeout: Duration) async throws -> (items: Int, bytes: Int) {
        let received = Mutex((items: 0, bytes: 0))
        try await client.stream(count: Int32(count), size: Int32(size), options: CallOptions(timeout: timeout)) { stream in
            var items = 0, bytes = 0
            for try await item in stream.incoming {
                items += 1
                bytes += item.count
            }
            received.withLock { $0 = (items, bytes) }
        }
        return received.withLock { $0 }
    }

    func close() async { await transport.close() }
}

/// grpc-swift-2: GRPCClient over HTTP/2 (plaintext, TLS or mutual TLS) and the generated
/// Bench_Echo.Client.
final class GRPCEchoClient: EchoClient {
    let kind: ServerKind
    let grpc: GRPCClient<HTTP2ClientTransport.Posix>
    let client: Bench_Echo.Client<HTTP2ClientTransport.Posix>
    private let connections: Task<Void, any Error>

    init(kind: ServerKind = .grpc, port: Int) throws {
        self.kind = kind
        let security: HTTP2ClientTransport.Posix.TransportSecurity
        switch kind {
        case .grpcTLS: security = try TLSMaterial.shared().grpcClientSecurity(mutual: false)
        case .grpcMTLS: security = try TLSMaterial.shared().grpcClientSecurity(mutual: true)
        default: security = .plaintext
        }
        let grpc = GRPCClient(transport: try .http2NIOPosix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: security))
        self.grpc = grpc
        connections = Task { try await grpc.runConnections() }
        client = Bench_Echo.Client(wrapping: grpc)
    }

    func prepare(size: Int) -> any Sendable {
        var request = Bench_EchoEchoRequest()
        request.payload = Data(payload(size: size))
        return request
    }

    func echo(_ prepared: any Sendable) async throws -> Int {
        try await client.echo(prepared as! Bench_EchoEchoRequest).payload.count
    }

    func stream(count: Int, size: Int, timeout: Duration) async throws -> (items: Int, bytes: Int) {
        var request = Bench_EchoStreamRequest()
        request.count = Int32(count)
        request.size = Int32(size)
        var options = GRPCCore.CallOptions.defaults
        options.timeout = timeout
        return try await client.stream(request, options: options) { response in
            var items = 0, bytes = 0
            for try await item in response.messages {
                items += 1
                bytes += item.value.count
            }
            return (items, bytes)
        }
    }

    func close() async {
        grpc.beginGracefulShutdown()
        _ = try? await connections.value
    }
}

/// The floor: the raw NIO echo client.
final class NIOClient: EchoClient {
    let kind = ServerKind.nio
    let client: RawEchoClient

    init(port: Int) async throws {
        client = try await RawEchoClient.connect(host: "127.0.0.1", port: port)
    }

    func prepare(size: Int) -> any Sendable { payload(size: size) }

    func echo(_ prepared: any Sendable) async throws -> Int {
        try await client.call(prepared as! [UInt8]).count
    }

    func close() async { await client.close() }
}

func makeClient(_ kind: ServerKind, port: Int) async throws -> any EchoClient {
    switch kind {
    case .vdl, .vdlTLS, .vdlTLSAllow: return try VDLClient(kind: kind, port: port)
    case .grpc, .grpcTLS, .grpcMTLS: return try GRPCEchoClient(kind: kind, port: port)
    case .nio: return try await NIOClient(port: port)
    }
}

// MARK: Load

struct LoadResult {
    var calls = 0
    var errors = 0
    var firstError: String?
    var seconds = 0.0
    var histogram = makeLatencyHistogram()

    var callsPerSecond: Double { Double(calls) / seconds }
}

/// Runs `concurrency` tasks that call `echo` back to back until `maxCalls` calls have been made
/// or `maxSeconds` have passed, recording each call's latency.
func runLoad(client: any EchoClient, size: Int, concurrency: Int, maxCalls: Int, maxSeconds: Double) async -> LoadResult {
    let prepared = client.prepare(size: size)
    let tickets = Tickets()
    let start = nowNanos()
    let end = start + UInt64(maxSeconds * 1e9)
    var total = LoadResult()
    await withTaskGroup(of: LoadResult.self) { group in
        for _ in 0..<concurrency {
            group.addTask {
                var result = LoadResult()
                while tickets.take() < maxCalls {
                    let before = nowNanos()
                    if before >= end { break }
                    do {
                        let received = try await client.echo(prepared)
                        let after = nowNanos()
                        if received != size { throw BenchError("echoed \(received) bytes instead of \(size)") }
                        _ = result.histogram.record(after - before)
                        result.calls += 1
                    } catch {
                        result.errors += 1
                        if result.firstError == nil { result.firstError = String(describing: error) }
                        if result.errors > 100 { break }
                    }
                }
                return result
            }
        }
        for await result in group {
            total.calls += result.calls
            total.errors += result.errors
            total.firstError = total.firstError ?? result.firstError
            total.histogram.add(result.histogram)
        }
    }
    total.seconds = Double(nowNanos() - start) / 1e9
    return total
}

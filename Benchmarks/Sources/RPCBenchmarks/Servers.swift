import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import NIOCore
import NIOPosix
import VDLRPC
import VDLTransport
import VDLWire

/// The echo servers under test. The first three are the plaintext runtime benchmark; the TLS
/// ones are the security scenario (`--only tls`, TLS.swift).
enum ServerKind: String, CaseIterable, Sendable {
    /// swift-vdl: RPCServer with the generated registration of idl/bench, plaintext, `.allowEveryone`.
    case vdl
    /// grpc-swift-2 over grpc-swift-nio-transport (HTTP/2, plaintext).
    case grpc
    /// The floor: a raw SwiftNIO echo of length-prefixed frames.
    case nio
    /// swift-vdl over TLS 1.3: the server and the client each hold a principal (Ed25519), the
    /// client's blessing `bench:client` is granted by the server's `bench`; `.default` authorizer,
    /// and the client requires the server to be `bench`.
    case vdlTLS = "vdl-tls"
    /// The same, with `.allowEveryone` on the server (a diagnostic: the per-call authorization cost).
    case vdlTLSAllow = "vdl-tls-allow"
    /// grpc-swift-2 over TLS (NIOSSL): server certificate only (ECDSA P-256, signed by a CA the
    /// client trusts), the client verifies it with its hostname (127.0.0.1).
    case grpcTLS = "grpc-tls"
    /// grpc-swift-2 over mutual TLS: the client also presents a certificate signed by the CA, which
    /// the server verifies (the same work as swift-vdl's mutual authentication).
    case grpcMTLS = "grpc-mtls"

    /// The systems of the plaintext runtime benchmark (the default of `--systems`).
    static let plaintext: [ServerKind] = [.vdl, .grpc, .nio]

    var label: String {
        switch self {
        case .vdl: return "swift-vdl"
        case .grpc: return "grpc-swift-2"
        case .nio: return "raw NIO echo"
        case .vdlTLS: return "swift-vdl TLS"
        case .vdlTLSAllow: return "swift-vdl TLS, allowEveryone"
        case .grpcTLS: return "grpc-swift-2 TLS"
        case .grpcMTLS: return "grpc-swift-2 mTLS"
        }
    }

    /// Whether its server and client need the TLS material (TLS.swift).
    var usesTLS: Bool {
        switch self {
        case .vdl, .grpc, .nio: return false
        case .vdlTLS, .vdlTLSAllow, .grpcTLS, .grpcMTLS: return true
        }
    }
}

// MARK: Services

/// The swift-vdl implementation of bench.Echo.
struct VDLEchoService: Bench.Echo.Service {
    func echo(payload: [UInt8], context: ServerCallContext) async throws -> [UInt8] {
        payload
    }

    func stream(count: Int32, size: Int32, stream: ServerStream<NoStreamValue, [UInt8]>, context: ServerCallContext) async throws {
        let item = [UInt8](repeating: 0x61, count: Int(size))
        for _ in 0..<count {
            try await stream.send(item)
        }
    }
}

/// The grpc-swift-2 implementation of the same service (proto/bench.proto).
struct GRPCEchoService: Bench_Echo.SimpleServiceProtocol {
    func echo(request: Bench_EchoEchoRequest, context: GRPCCore.ServerContext) async throws -> Bench_EchoEchoResponse {
        var response = Bench_EchoEchoResponse()
        response.payload = request.payload
        return response
    }

    func stream(
        request: Bench_EchoStreamRequest, response: GRPCCore.RPCWriter<Bench_EchoStreamServerStream>,
        context: GRPCCore.ServerContext
    ) async throws {
        var item = Bench_EchoStreamServerStream()
        item.value = Data(repeating: 0x61, count: Int(request.size))
        for _ in 0..<request.count {
            try await response.write(item)
        }
    }
}

// MARK: Server processes

/// `RPCBenchmarks serve KIND [--lifetime SECONDS] [--credentials DIR]`: listens on 127.0.0.1 (a
/// free port), prints "LISTENING <port>", and serves until its standard input closes or the
/// lifetime passes. The TLS kinds take their keys and certificates from DIR (TLSMaterial).
func serve(kind: ServerKind, lifetimeSeconds: Int, credentials: String?) async throws -> Never {
    var logger = Logger(label: "bench.server")
    logger.logLevel = .error
    let port: Int
    // Kept alive for the life of the process.
    var keep: [Any] = []
    switch kind {
    case .vdl, .vdlTLS, .vdlTLSAllow:
        var configuration = RPCServerConfiguration()
        if let window = vdlWindowOverride { configuration.transport.initialWindow = window }
        let services = [Bench.Echo.registration(VDLEchoService())]
        let server: RPCServer
        switch kind {
        case .vdlTLS:
            let principal = try TLSMaterial.serverPrincipal(in: requireCredentials(credentials, kind))
            server = RPCServer(services: services, security: .tls(principal), authorizer: .default,
                               configuration: configuration, logger: logger)
        case .vdlTLSAllow:
            let principal = try TLSMaterial.serverPrincipal(in: requireCredentials(credentials, kind))
            server = RPCServer(services: services, security: .tls(principal), authorizer: .allowEveryone,
                               configuration: configuration, logger: logger)
        default:
            server = RPCServer(services: services, security: .plaintext, authorizer: .allowEveryone,
                               configuration: configuration, logger: logger)
        }
        let bound = try await server.bind(to: .tcp(host: "127.0.0.1", port: 0))
        guard case .tcp(_, let boundPort) = bound else { fail("unexpected address \(bound)") }
        port = boundPort
        keep.append(server)
    case .grpc, .grpcTLS, .grpcMTLS:
        let security: HTTP2ServerTransport.Posix.TransportSecurity
        switch kind {
        case .grpcTLS: security = TLSMaterial.grpcServerSecurity(in: try requireCredentials(credentials, kind), mutual: false)
        case .grpcMTLS: security = TLSMaterial.grpcServerSecurity(in: try requireCredentials(credentials, kind), mutual: true)
        default: security = .plaintext
        }
        let server = GRPCServer(
            transport: .http2NIOPosix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: security),
            services: [GRPCEchoService()])
        Task { try await server.serve() }
        guard let address = try await server.listeningAddress, let ipv4 = address.ipv4 else { fail("grpc server did not listen") }
        port = ipv4.port
        keep.append(server)
    case .nio:
        let channel = try await RawEchoServer.bind(host: "127.0.0.1", port: 0)
        port = channel.localAddress?.port ?? 0
        keep.append(channel)
    }
    say("LISTENING \(port)")
    // Standard input closes when the parent stops the server or dies.
    Thread.detachNewThread {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(0, &buffer, buffer.count) > 0 {}
        exit(0)
    }
    try? await Task.sleep(for: .seconds(lifetimeSeconds))
    withExtendedLifetime(keep) {}
    FileHandle.standardError.write(Data("RPCBenchmarks serve \(kind.rawValue): lifetime of \(lifetimeSeconds) s reached, exiting\n".utf8))
    exit(0)
}

private func requireCredentials(_ credentials: String?, _ kind: ServerKind) throws -> String {
    guard let credentials else { throw BenchError("serve \(kind.rawValue) needs --credentials DIR") }
    return credentials
}

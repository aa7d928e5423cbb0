// The security scenario (`--only tls`, `Benchmarks/run-rpc.sh tls`): what TLS costs swift-vdl,
// next to grpc-swift-2 over TLS.
//
//   1. Handshake: N fresh clients one after another; each is made, connects, completes its
//      first 16 B echo call, and is closed. swift-vdl: TCP + TLS 1.3 (Ed25519, mutual) + Hello +
//      the blessings exchange (each side verifies the other's chain) + the call; grpc-swift-2:
//      TCP + TLS 1.3 (ECDSA P-256) + HTTP/2 + the call.
//   2. Unary echo calls/s over one established TLS connection at concurrency 1 and 64, with the
//      plaintext systems for reference.
//   3. The primitives behind them, timed in process: Ed25519 and P-256 signatures, the check of a
//      blessing chain, the per-call authorization.
//
// The keys and certificates are made at start (TLSMaterial) in a temporary directory that the
// server processes read and that is removed at the end of the run.
import Crypto
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Histogram
import NIOSSL
import Synchronization
import SwiftASN1
import VDLSecurity
import VDLTransport
import X509

// MARK: Keys and certificates

/// The credentials of a run.
///
/// * swift-vdl: the server's principal, self-blessed `bench`, in a credentials directory the server
///   process loads; the client's principal in memory, blessed `bench:client` by the server and
///   recognizing `bench` as a root (what `principal bless` and `principal recognize` would set up).
/// * grpc-swift-2: a CA (ECDSA P-256), a server certificate for 127.0.0.1 and localhost, and a
///   client certificate, all signed by the CA; PEM files for the server, bytes for the client.
final class TLSMaterial: Sendable {
    /// What the swift-vdl client requires the server to be.
    static let serverBlessingPattern: Access.BlessingPattern = "bench"

    let directory: String
    let vdlClient: Principal
    let caPEM: [UInt8]
    let clientCertificatePEM: [UInt8]
    let clientKeyPEM: [UInt8]

    private static let current = Mutex<TLSMaterial?>(nil)

    /// The run's material, made on first use.
    static func shared() throws -> TLSMaterial {
        try current.withLock { current in
            if let current { return current }
            let made = try TLSMaterial()
            current = made
            return made
        }
    }

    /// Removes the run's temporary directory, if material was made.
    static func removeShared() {
        current.withLock { current in
            if let current { try? FileManager.default.removeItem(atPath: current.directory) }
            current = nil
        }
    }

    private init() throws {
        var template = Array((NSTemporaryDirectory() + "/rpcbench-tls.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw BenchError("mkdtemp failed: errno \(errno)") }
        directory = String(cString: made)

        // swift-vdl.
        let server = try Principal.create(in: directory + "/vdl-server", name: "bench")
        let client = Principal()
        try client.adopt(try server.bless(client.publicKey, with: server.blessingStore.defaultBlessings, extension: "client"))
        vdlClient = client

        // grpc-swift-2.
        let now = Date()
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("RPCBenchmarks CA") }
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(caKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(7 * 86400),
            issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true))
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey))
        func leaf(_ name: String) throws -> (certificate: String, key: String) {
            let key = P256.Signing.PrivateKey()
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(key.publicKey),
                notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(7 * 86400),
                issuer: caName, subject: try DistinguishedName { CommonName(name) }, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([.serverAuth, .clientAuth])
                    SubjectAlternativeNames([.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
                },
                issuerPrivateKey: Certificate.PrivateKey(caKey))
            return (try certificate.serializeAsPEM().pemString, key.pemRepresentation)
        }
        let serverLeaf = try leaf("localhost")
        let clientLeaf = try leaf("RPCBenchmarks client")
        let caText = try ca.serializeAsPEM().pemString
        for (name, text) in [("grpc-ca.pem", caText), ("grpc-server.pem", serverLeaf.certificate), ("grpc-server.key", serverLeaf.key)] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        caPEM = Array(caText.utf8)
        clientCertificatePEM = Array(clientLeaf.certificate.utf8)
        clientKeyPEM = Array(clientLeaf.key.utf8)
    }

    /// The swift-vdl server's principal, in the server process.
    static func serverPrincipal(in directory: String) throws -> Principal {
        try Principal.load(from: directory + "/vdl-server")
    }

    /// grpc-swift-2's server side: its certificate; with `mutual`, it also requires a client
    /// certificate signed by the CA.
    static func grpcServerSecurity(in directory: String, mutual: Bool) -> HTTP2ServerTransport.Posix.TransportSecurity {
        let chain: [TLSConfig.CertificateSource] = [.file(path: directory + "/grpc-server.pem", format: .pem)]
        let key = TLSConfig.PrivateKeySource.file(path: directory + "/grpc-server.key", format: .pem)
        guard mutual else { return .tls(certificateChain: chain, privateKey: key) }
        return .mTLS(certificateChain: chain, privateKey: key) { config in
            config.trustRoots = .certificates([.file(path: directory + "/grpc-ca.pem", format: .pem)])
        }
    }

    /// grpc-swift-2's client side: it trusts the CA and verifies the server fully (hostname:
    /// the IP address 127.0.0.1); with `mutual`, it presents its certificate.
    func grpcClientSecurity(mutual: Bool) -> HTTP2ClientTransport.Posix.TransportSecurity {
        let roots = TLSConfig.TrustRootsSource.certificates([.bytes(caPEM, format: .pem)])
        guard mutual else { return .tls { $0.trustRoots = roots } }
        return .mTLS(certificateChain: [.bytes(clientCertificatePEM, format: .pem)],
                     privateKey: .bytes(clientKeyPEM, format: .pem)) { $0.trustRoots = roots }
    }
}

// MARK: The scenario

struct HandshakeStats {
    /// From making the client to the first call's response.
    var total = makeLatencyHistogram()
    /// Making the client alone (its TLS context, for both).
    var construct = makeLatencyHistogram()
    /// The rest: connect, handshake, first call (total minus construct, per sample).
    var connect = makeLatencyHistogram()
    var connections = 0
    /// Wall time of the loops, closes included.
    var seconds = 0.0
    var clientCPU = 0.0
    var serverCPU = 0.0
    var errors = 0
    var firstError: String?
}

func runTLS(_ options: Options) async throws {
    let handshakeSystems = options.handshakeSystems
    let unarySystems = options.tlsSystems
    var kinds: [ServerKind] = []
    for kind in handshakeSystems + unarySystems where !kinds.contains(kind) { kinds.append(kind) }
    say("### Security: TLS handshake and calls over TLS")
    say()
    say("Handshake: \(options.handshakes) fresh clients per system in \(options.handshakeRounds) interleaved rounds (after \(options.handshakeWarmup) not counted), "
        + "one after another. Unary over TLS: \(options.rounds) rounds x \(formatNumber(options.seconds)) s per case, payloads "
        + "\(options.tlsSizes.map(formatBytes).joined(separator: ", ")).")
    say()

    var servers: [ServerKind: ServerProcess] = [:]
    defer { for server in servers.values { server.stop() } }
    for kind in kinds {
        let server = try ServerProcess(kind: kind, lifetimeSeconds: options.lifetime)
        servers[kind] = server
        progress("\(kind.label) server: pid \(server.pid), port \(server.port)")
    }

    // 1. Handshakes.
    var handshakes: [ServerKind: HandshakeStats] = [:]
    if options.handshakes > 0 {
        for kind in handshakeSystems {
            var ignored = HandshakeStats()
            await connectFresh(kind, port: servers[kind]!.port, count: options.handshakeWarmup, maxSeconds: 30,
                               server: nil, into: &ignored)
            if ignored.errors > 0 { throw BenchError("\(kind.label): warm-up handshakes failed: \(ignored.firstError ?? "?")") }
        }
        let perRound = max(1, options.handshakes / options.handshakeRounds)
        for round in 1...options.handshakeRounds {
            for kind in handshakeSystems {
                var stats = handshakes[kind] ?? HandshakeStats()
                let before = stats.connections
                await connectFresh(kind, port: servers[kind]!.port, count: perRound, maxSeconds: options.handshakeSeconds,
                                   server: servers[kind], into: &stats)
                handshakes[kind] = stats
                progress("round \(round): handshake \(kind.label): \(stats.connections - before) connections, "
                         + "median so far \(formatNanos(Double(stats.total.valueAtPercentile(50))))"
                         + (stats.errors > 0 ? ", \(stats.errors) errors" : ""))
            }
        }
    }

    // 2. Unary over an established connection.
    var unary: [UnaryKey: UnaryStats] = [:]
    if !unarySystems.isEmpty && options.rounds > 0 {
        var clients: [ServerKind: any EchoClient] = [:]
        for kind in unarySystems { clients[kind] = try await makeClient(kind, port: servers[kind]!.port) }
        for kind in unarySystems {
            for size in options.tlsSizes {
                let result = await runLoad(client: clients[kind]!, size: size, concurrency: 64, maxCalls: options.maxCalls,
                                           maxSeconds: options.warmupSeconds / Double(options.tlsSizes.count))
                if result.errors > 0 { throw BenchError("\(kind.label) warm-up failed: \(result.firstError ?? "?")") }
            }
        }
        for round in 1...options.rounds {
            for concurrency in options.concurrencies {
                for size in options.tlsSizes {
                    for kind in unarySystems {
                        let server = servers[kind]!
                        let serverCPU = server.cpuSecondsPrecise() ?? 0
                        let clientCPU = processCPUSeconds()
                        let result = await runLoad(client: clients[kind]!, size: size, concurrency: concurrency,
                                                   maxCalls: options.maxCalls, maxSeconds: options.seconds)
                        let clientUsed = processCPUSeconds() - clientCPU
                        let serverUsed = (server.cpuSecondsPrecise() ?? 0) - serverCPU
                        let key = UnaryKey(concurrency: concurrency, size: size, kind: kind)
                        unary[key, default: UnaryStats()].record(result, clientCPU: clientUsed, serverCPU: serverUsed)
                        progress("round \(round): tls unary c=\(concurrency) \(formatBytes(size)) \(kind.label): "
                                 + "\(formatNumber(result.callsPerSecond)) calls/s, p99 \(formatNanos(Double(result.histogram.valueAtPercentile(99))))"
                                 + (result.errors > 0 ? ", \(result.errors) errors: \(result.firstError ?? "")" : ""))
                    }
                }
            }
        }
        for client in clients.values { await client.close() }
    }

    // 3. The primitives.
    let primitives = options.primitiveSeconds > 0 ? try timePrimitives(seconds: options.primitiveSeconds) : []

    if !handshakes.isEmpty { reportHandshakes(handshakes, systems: handshakeSystems) }
    if !unary.isEmpty { reportTLSUnary(unary, systems: unarySystems, options) }
    if !primitives.isEmpty {
        say("Primitives, in process on one thread (median of 3 runs of \(formatNumber(options.primitiveSeconds)) s each):")
        say()
        say(markdownTable(["operation", "time/op", "ops/s"], primitives.map { [$0.name, formatNanos($0.nanos), formatNumber(1e9 / $0.nanos)] }))
        say()
    }
}

/// Makes `count` fresh clients one after another (bounded by `maxSeconds`): each connects,
/// completes one 16 B echo, and is closed.
private func connectFresh(_ kind: ServerKind, port: Int, count: Int, maxSeconds: Double, server: ServerProcess?,
                          into stats: inout HandshakeStats) async {
    let serverCPU = server?.cpuSecondsPrecise() ?? 0
    let clientCPU = processCPUSeconds()
    let start = nowNanos()
    let end = start + UInt64(maxSeconds * 1e9)
    var made = 0
    while made < count, nowNanos() < end {
        made += 1
        let before = nowNanos()
        do {
            let client = try await makeClient(kind, port: port)
            let constructed = nowNanos()
            // swift-vdl connects on the first call; grpc-swift-2 may start at runConnections.
            let prepared = client.prepare(size: 16)
            let echoed: Int
            do {
                echoed = try await client.echo(prepared)
            } catch {
                await client.close()
                throw error
            }
            let after = nowNanos()
            await client.close()
            if echoed != 16 { throw BenchError("echoed \(echoed) bytes") }
            _ = stats.total.record(after - before)
            _ = stats.construct.record(constructed - before)
            _ = stats.connect.record(after - constructed)
            stats.connections += 1
        } catch {
            stats.errors += 1
            stats.firstError = stats.firstError ?? String(describing: error)
            if stats.errors > 20 { break }
        }
    }
    stats.seconds += Double(nowNanos() - start) / 1e9
    stats.clientCPU += processCPUSeconds() - clientCPU
    stats.serverCPU += (server?.cpuSecondsPrecise() ?? 0) - serverCPU
}

private func reportHandshakes(_ handshakes: [ServerKind: HandshakeStats], systems: [ServerKind]) {
    say("#### New connection and first call")
    say()
    say("Each sample: make the client (its TLS context included), connect, handshake, and complete one 16 B echo; the client is "
        + "then closed (not timed). conn/s = connections / wall time of the loops, closes included (one at a time, so it is "
        + "1 / (latency + close), not a capacity). CPU/conn: client process plus server process (per-thread schedstat, ns), "
        + "closes included, divided by the connections.")
    say()
    var rows: [[String]] = []
    for kind in systems {
        guard let s = handshakes[kind] else { continue }
        let n = Double(max(1, s.connections))
        rows.append([
            kind.label, "\(s.connections)",
            formatNanos(Double(s.total.valueAtPercentile(50))), formatNanos(Double(s.total.valueAtPercentile(90))),
            formatNanos(Double(s.total.valueAtPercentile(99))), formatNanos(Double(s.total.max)),
            formatNanos(Double(s.construct.valueAtPercentile(50))), formatNanos(Double(s.connect.valueAtPercentile(50))),
            formatNanos(Double(s.connect.valueAtPercentile(99))),
            formatNumber(Double(s.connections) / s.seconds),
            formatNanos((s.clientCPU + s.serverCPU) * 1e9 / n), formatNanos(s.clientCPU * 1e9 / n), formatNanos(s.serverCPU * 1e9 / n),
            s.errors > 0 ? "\(s.errors): \(s.firstError ?? "")" : "0",
        ])
    }
    say(markdownTable(["system", "conns", "p50", "p90", "p99", "max", "make client p50", "connect+call p50", "connect+call p99", "conn/s", "CPU/conn", "client CPU", "server CPU", "errors"], rows))
    say()
    func ratioRow(_ a: ServerKind, _ b: ServerKind) -> [String]? {
        guard let x = handshakes[a], let y = handshakes[b], x.connections > 0, y.connections > 0 else { return nil }
        let cpuX = (x.clientCPU + x.serverCPU) / Double(x.connections), cpuY = (y.clientCPU + y.serverCPU) / Double(y.connections)
        return ["\(a.label) / \(b.label)",
                formatRatio(Double(x.total.valueAtPercentile(50)) / Double(y.total.valueAtPercentile(50))),
                formatRatio(Double(x.total.valueAtPercentile(99)) / Double(y.total.valueAtPercentile(99))),
                formatRatio(Double(x.connect.valueAtPercentile(50)) / Double(y.connect.valueAtPercentile(50))),
                formatRatio((Double(x.connections) / x.seconds) / (Double(y.connections) / y.seconds)),
                formatRatio(cpuX / cpuY)]
    }
    let pairs: [(ServerKind, ServerKind)] = [(.vdlTLS, .grpcMTLS), (.vdlTLS, .grpcTLS), (.vdlTLS, .vdl), (.grpcMTLS, .grpc), (.vdl, .grpc), (.vdlTLSAllow, .vdlTLS)]
    let rows2 = pairs.compactMap { ratioRow($0.0, $0.1) }
    if !rows2.isEmpty {
        say("Ratios (p50, p99, connect+call: below 1 means the first is faster; conn/s: above 1 means the first is faster):")
        say()
        say(markdownTable(["systems", "p50", "p99", "connect+call p50", "conn/s", "CPU/conn"], rows2))
        say()
    }
}

private func reportTLSUnary(_ unary: [UnaryKey: UnaryStats], systems: [ServerKind], _ options: Options) {
    say("#### Unary echo over an established connection")
    say()
    say("One connection per system, made and warmed up before; `c` tasks call back to back. calls/s: median of the rounds; "
        + "percentiles over all calls; CPU/call: client plus server CPU (server: per-thread schedstat, ns) per call, median of the rounds.")
    say()
    var rows: [[String]] = []
    for concurrency in options.concurrencies {
        for size in options.tlsSizes {
            for kind in systems {
                guard let s = unary[UnaryKey(concurrency: concurrency, size: size, kind: kind)] else { continue }
                rows.append([
                    "\(concurrency)", formatBytes(size), kind.label, formatNumber(median(s.rates)),
                    formatNanos(Double(s.histogram.valueAtPercentile(50))), formatNanos(Double(s.histogram.valueAtPercentile(99))),
                    formatNanos(Double(s.histogram.valueAtPercentile(99.9))),
                    formatNanos(median(s.cpuPerCall)), formatNanos(median(s.clientCPUPerCall)), formatNanos(median(s.serverCPUPerCall)),
                    "\(s.calls)", s.errors > 0 ? "\(s.errors): \(s.firstError ?? "")" : "0",
                ])
            }
        }
    }
    say(markdownTable(["c", "payload", "system", "calls/s", "p50", "p99", "p99.9", "CPU/call", "client CPU", "server CPU", "calls", "errors"], rows, leftAligned: 3))
    say()
    let pairs: [(ServerKind, ServerKind)] = [(.vdlTLS, .grpcMTLS), (.vdlTLS, .grpcTLS), (.vdlTLS, .vdl), (.grpcMTLS, .grpc), (.grpcTLS, .grpc), (.vdlTLSAllow, .vdlTLS)]
    rows = []
    for concurrency in options.concurrencies {
        for size in options.tlsSizes {
            for (a, b) in pairs {
                guard let x = unary[UnaryKey(concurrency: concurrency, size: size, kind: a)],
                      let y = unary[UnaryKey(concurrency: concurrency, size: size, kind: b)] else { continue }
                rows.append(["\(concurrency)", formatBytes(size), "\(a.label) / \(b.label)",
                             formatRatio(median(x.rates) / median(y.rates)),
                             formatRatio(Double(x.histogram.valueAtPercentile(99)) / Double(y.histogram.valueAtPercentile(99))),
                             formatRatio(median(x.cpuPerCall) / median(y.cpuPerCall))])
            }
        }
    }
    if !rows.isEmpty {
        say("Ratios (calls/s: above 1 means the first is faster; p99 and CPU/call: below 1 means the first is cheaper):")
        say()
        say(markdownTable(["c", "payload", "systems", "calls/s", "p99", "CPU/call"], rows, leftAligned: 3))
        say()
    }
}

// MARK: Primitives

struct PrimitiveTime {
    var name: String
    var nanos: Double
}

/// The operations a connection or a call pays for, timed one at a time in this process.
private func timePrimitives(seconds: Double) throws -> [PrimitiveTime] {
    let message = [UInt8](repeating: 0x5a, count: 64)
    let ed = Curve25519.Signing.PrivateKey()
    let edSignature = try ed.signature(for: message)
    let p256 = P256.Signing.PrivateKey()
    let p256Signature = try p256.signature(for: message)

    // The blessings of the handshake scenario: the server `bench`, the client `bench:client`.
    let server = try Principal.ephemeral(name: "bench")
    let client = Principal()
    let clientBlessings = try server.bless(client.publicKey, with: server.blessingStore.defaultBlessings, extension: "client")
    try client.adopt(clientBlessings)
    let clientWire = clientBlessings.wire
    let serverWire = server.blessingStore.defaultBlessings.wire
    let serverBlessings = server.blessingStore.defaultBlessings
    let call = SecurityCall(method: "Echo", localPrincipal: server, localBlessings: serverBlessings, remoteBlessings: clientBlessings)
    let authorizer = DefaultAuthorizer()

    var cases: [(String, () throws -> Void)] = [
        ("Ed25519 sign (swift-crypto)", { blackHole(try ed.signature(for: message)) }),
        ("Ed25519 verify (swift-crypto)", { precondition(ed.publicKey.isValidSignature(edSignature, for: message)) }),
        ("ECDSA P-256 sign (swift-crypto)", { blackHole(try p256.signature(for: message)) }),
        ("ECDSA P-256 verify (swift-crypto)", { precondition(p256.publicKey.isValidSignature(p256Signature, for: message)) }),
        ("X25519 key agreement (swift-crypto)", {
            let a = Curve25519.KeyAgreement.PrivateKey(), b = Curve25519.KeyAgreement.PrivateKey()
            blackHole(try a.sharedSecretFromKeyAgreement(with: b.publicKey))
        }),
        ("Blessings(wire:) of the server's `bench` (1 certificate): the client's check", { blackHole(try Blessings(wire: serverWire)) }),
        ("Blessings(wire:) of the client's `bench:client` (2 certificates): the server's check", { blackHole(try Blessings(wire: clientWire)) }),
        ("SecurityCall.remoteBlessingNames (server side, per call)", { blackHole(call.remoteBlessingNames()) }),
        ("DefaultAuthorizer.authorize (server side, per call)", { try authorizer.authorize(call) }),
        ("Principal.bless (a new blessing: 1 signature)", {
            blackHole(try server.bless(client.publicKey, with: serverBlessings, extension: "other"))
        }),
    ]
    cases.append(("Principal.ephemeral(name:) (a key and a self-blessing)", { blackHole(try Principal.ephemeral(name: "x")) }))

    // What RPCClient.init does per client with TLS: an NIOSSLContext for an Ed25519 self-signed
    // certificate, configured as VDLTransport's TLSContexts.base does (TLS 1.3, Ed25519,
    // noHostnameVerification, trust roots left at their default), and the same with no trust roots.
    let edCertificateKey = Certificate.PrivateKey(ed)
    let edName = try DistinguishedName { CommonName("bench") }
    let edCertificate = try Certificate(
        version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: edCertificateKey.publicKey,
        notValidBefore: Date().addingTimeInterval(-3600), notValidAfter: Date().addingTimeInterval(86400),
        issuer: edName, subject: edName, signatureAlgorithm: .ed25519, extensions: Certificate.Extensions {},
        issuerPrivateKey: edCertificateKey)
    var serializer = DER.Serializer()
    try serializer.serialize(edCertificate)
    let certificateDER = serializer.serializedBytes
    // PKCS#8 of an Ed25519 key: a fixed prefix and the 32-byte seed (RFC 8410).
    let keyDER: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
        + Array(ed.rawRepresentation)
    func vdlLikeConfiguration() throws -> TLSConfiguration {
        let certificate = try NIOSSLCertificate(bytes: certificateDER, format: .der)
        let key = try NIOSSLPrivateKey(bytes: keyDER, format: .der)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv13
        configuration.maximumTLSVersion = .tlsv13
        configuration.signingSignatureAlgorithms = [.ed25519]
        configuration.verifySignatureAlgorithms = [.ed25519]
        configuration.applicationProtocols = ["vdl/1"]
        configuration.certificateVerification = .noHostnameVerification
        return configuration
    }
    cases.append(("NIOSSLContext as TLSContexts.client builds it (default trust roots: the system CA bundle)", {
        blackHole(try NIOSSLContext(configuration: try vdlLikeConfiguration()))
    }))
    cases.append(("the same NIOSSLContext with trustRoots = .certificates([])", {
        var configuration = try vdlLikeConfiguration()
        configuration.trustRoots = .certificates([])
        blackHole(try NIOSSLContext(configuration: configuration))
    }))

    var results: [PrimitiveTime] = []
    for (name, body) in cases {
        for _ in 0..<20 { try body() }  // warm-up
        var runs: [Double] = []
        for _ in 0..<3 {
            let start = nowNanos()
            let end = start + UInt64(seconds * 1e9)
            var count = 0
            var now = start
            while now < end, count < 1_000_000 {
                try body()
                count += 1
                if count % 8 == 0 { now = nowNanos() }
            }
            now = nowNanos()
            runs.append(Double(now - start) / Double(count))
        }
        results.append(PrimitiveTime(name: name, nanos: median(runs)))
        progress("primitive \(name): \(formatNanos(median(runs)))")
    }
    return results
}

// RPCBenchmarks: the runtime of swift-vdl next to grpc-swift-2, swift-protobuf and a raw NIO echo.
//
//   RPCBenchmarks [SCENARIO...] [--rounds N] [--seconds S] [--max-calls N] [--stream-rounds N]
//                 [--codec-rounds N] [--codec-seconds S] [--connections N]
//                 [--only unary,stream,codec,memory,tls] [--systems vdl,grpc,nio] [--lifetime S]
//                 [--handshakes N] [--handshake-rounds N] [--handshake-systems ...] [--tls-systems ...]
//                 [--tls-sizes 16] [--primitive-seconds S]
//   RPCBenchmarks serve KIND [--lifetime S] [--credentials DIR]   (a server process; used by the above)
//
// SCENARIO words (unary, stream, codec, memory, tls) select scenarios like --only: `RPCBenchmarks
// tls` runs the security scenario alone (TLS.swift). Every server runs in its own child process on
// 127.0.0.1 (plaintext, or TLS for the TLS kinds); the clients run in this process. Every case is
// bounded in calls and in time, and the server processes exit when this process goes away. Run
// through Benchmarks/run-rpc.sh, which builds in release mode.
import Foundation
import Histogram

struct Options {
    var rounds = 5
    var seconds = 2.0
    var maxCalls = 500_000
    var warmupSeconds = 1.0
    var concurrencies = [1, 64]
    var sizes = [16, 4096]
    var streamRounds = 3
    var streams = [(count: 100_000, size: 16), (count: 10_000, size: 4096)]
    var codecRounds = 5
    var codecSeconds = 0.5
    var connections = 1000
    static let scenarios: Set<String> = ["unary", "stream", "codec", "memory", "tls"]
    var only: Set<String> = Options.scenarios
    var systems: [ServerKind] = ServerKind.plaintext
    /// The TLS scenario (TLS.swift).
    var handshakes = 200
    var handshakeRounds = 4
    var handshakeWarmup = 20
    var handshakeSeconds = 60.0
    var handshakeSystems: [ServerKind] = [.vdl, .vdlTLS, .grpc, .grpcTLS, .grpcMTLS]
    var tlsSystems: [ServerKind] = [.vdlTLS, .vdlTLSAllow, .grpcMTLS, .vdl, .grpc]
    var tlsSizes = [16]
    var primitiveSeconds = 0.2
    var lifetime = 1800
    /// Servers started elsewhere (for profiling them on their own): kind → port.
    var external: [ServerKind: Int] = [:]

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var i = 0
        func value() -> String {
            i += 1
            guard i < arguments.count else { fail("missing value after \(arguments[i - 1])") }
            return arguments[i]
        }
        func number<T: LosslessStringConvertible>(_ type: T.Type) -> T {
            let text = value()
            guard let parsed = T(text) else { fail("\(arguments[i - 1]): not a number: \(text)") }
            return parsed
        }
        func kinds() -> [ServerKind] {
            value().split(separator: ",").map { name in
                guard let kind = ServerKind(rawValue: String(name)) else {
                    fail("unknown system \(name): \(ServerKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return kind
            }
        }
        // Leading scenario words: `RPCBenchmarks tls` is `--only tls`.
        var words: Set<String> = []
        while i < arguments.count, !arguments[i].hasPrefix("-") {
            guard Options.scenarios.contains(arguments[i]) else {
                fail("unknown scenario \(arguments[i]): \(Options.scenarios.sorted().joined(separator: ", "))")
            }
            words.insert(arguments[i])
            i += 1
        }
        if !words.isEmpty { options.only = words }
        while i < arguments.count {
            switch arguments[i] {
            case "--rounds": options.rounds = number(Int.self)
            case "--seconds": options.seconds = number(Double.self)
            case "--max-calls": options.maxCalls = number(Int.self)
            case "--warmup": options.warmupSeconds = number(Double.self)
            case "--concurrency": options.concurrencies = value().split(separator: ",").compactMap { Int($0) }
            case "--sizes": options.sizes = value().split(separator: ",").compactMap { Int($0) }
            case "--stream-rounds": options.streamRounds = number(Int.self)
            case "--streams":
                options.streams = value().split(separator: ",").map { spec in
                    let parts = spec.split(separator: "x")
                    guard parts.count == 2, let count = Int(parts[0]), let size = Int(parts[1]) else {
                        fail("--streams takes COUNTxSIZE[,COUNTxSIZE…], e.g. 100000x16")
                    }
                    return (count, size)
                }
            case "--codec-rounds": options.codecRounds = number(Int.self)
            case "--codec-seconds": options.codecSeconds = number(Double.self)
            case "--connections": options.connections = number(Int.self)
            case "--only": options.only = Set(value().split(separator: ",").map(String.init))
            case "--systems": options.systems = kinds()
            case "--handshakes": options.handshakes = number(Int.self)
            case "--handshake-rounds": options.handshakeRounds = number(Int.self)
            case "--handshake-warmup": options.handshakeWarmup = number(Int.self)
            case "--handshake-seconds": options.handshakeSeconds = number(Double.self)
            case "--handshake-systems": options.handshakeSystems = kinds()
            case "--tls-systems": options.tlsSystems = kinds()
            case "--tls-sizes": options.tlsSizes = value().split(separator: ",").compactMap { Int($0) }
            case "--primitive-seconds": options.primitiveSeconds = number(Double.self)
            case "--lifetime": options.lifetime = number(Int.self)
            case "--external-server":
                let parts = value().split(separator: "=")
                guard parts.count == 2, let kind = ServerKind(rawValue: String(parts[0])), let port = Int(parts[1]) else {
                    fail("--external-server takes KIND=PORT, e.g. vdl=4000")
                }
                options.external[kind] = port
            case "-h", "--help":
                print("""
                usage: RPCBenchmarks [SCENARIO...] [--rounds N] [--seconds S] [--max-calls N] [--warmup S] [--concurrency 1,64]
                                     [--sizes 16,4096] [--stream-rounds N] [--streams 100000x16,10000x4096] [--codec-rounds N] [--codec-seconds S]
                                     [--connections N] [--only unary,stream,codec,memory,tls] [--systems vdl,grpc,nio]
                                     [--lifetime S] [--external-server KIND=PORT]
                                     [--handshakes 200] [--handshake-rounds 4] [--handshake-warmup 20] [--handshake-seconds 60]
                                     [--handshake-systems vdl,vdl-tls,grpc,grpc-tls,grpc-mtls] [--tls-systems vdl-tls,vdl-tls-allow,grpc-mtls,vdl,grpc]
                                     [--tls-sizes 16] [--primitive-seconds 0.2]
                       SCENARIO: unary, stream, codec, memory, tls (the same as --only)
                       systems: \(ServerKind.allCases.map(\.rawValue).joined(separator: ", "))
                       RPCBenchmarks serve KIND [--lifetime S] [--credentials DIR]
                """)
                exit(0)
            default: fail("unknown argument \(arguments[i])")
            }
            i += 1
        }
        if options.rounds < 1 || options.streamRounds < 1 || options.codecRounds < 1 { fail("rounds must be at least 1") }
        return options
    }
}

// MARK: Entry

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "serve" {
    let usage = "usage: RPCBenchmarks serve \(ServerKind.allCases.map(\.rawValue).joined(separator: "|")) [--lifetime S] [--credentials DIR]"
    guard arguments.count >= 2, let kind = ServerKind(rawValue: arguments[1]) else { fail(usage) }
    var lifetime = 1800
    var credentials: String?
    var i = 2
    while i + 1 < arguments.count {
        switch arguments[i] {
        case "--lifetime": lifetime = Int(arguments[i + 1]) ?? lifetime
        case "--credentials": credentials = arguments[i + 1]
        default: fail(usage)
        }
        i += 2
    }
    if i != arguments.count { fail(usage) }
    try await serve(kind: kind, lifetimeSeconds: lifetime, credentials: credentials)
}

let options = Options.parse(arguments)
do {
    defer { TLSMaterial.removeShared() }
    try await runBenchmarks(options)
} catch {
    TLSMaterial.removeShared()
    fail("\(error)")
}

// MARK: The run

struct UnaryKey: Hashable {
    var concurrency: Int
    var size: Int
    var kind: ServerKind
}

struct UnaryStats {
    var rates: [Double] = []
    var cpuPerCall: [Double] = []  // client + server CPU ns per call
    var clientCPUPerCall: [Double] = []
    var serverCPUPerCall: [Double] = []
    var histogram = makeLatencyHistogram()
    var calls = 0
    var errors = 0
    var firstError: String?

    /// Adds one round: its load result and the CPU seconds the client and server used in it.
    mutating func record(_ result: LoadResult, clientCPU: Double, serverCPU: Double) {
        let calls = Double(max(1, result.calls))
        rates.append(result.callsPerSecond)
        cpuPerCall.append((clientCPU + serverCPU) * 1e9 / calls)
        clientCPUPerCall.append(clientCPU * 1e9 / calls)
        serverCPUPerCall.append(serverCPU * 1e9 / calls)
        histogram.add(result.histogram)
        self.calls += result.calls
        errors += result.errors
        firstError = firstError ?? result.firstError
    }
}

struct StreamKey: Hashable {
    var count: Int
    var size: Int
    var kind: ServerKind
}

struct StreamStats {
    var rates: [Double] = []
    var seconds: [Double] = []
    var cpuPerMessage: [Double] = []
    var errors = 0
    var firstError: String?
}

func runBenchmarks(_ options: Options) async throws {
    say("## Runtime benchmark results")
    say()
    say("Scenarios: \(Options.scenarios.sorted().filter(options.only.contains).joined(separator: ", ")). "
        + "Settings: unary \(options.rounds) rounds x \(formatNumber(options.seconds)) s (at most \(options.maxCalls) calls) per case, "
        + "streaming \(options.streamRounds) rounds, codec \(options.codecRounds) rounds x \(options.codecSeconds) s, "
        + "\(options.connections) idle connections. Systems: \(options.systems.map(\.label).joined(separator: ", "))."
        + (vdlWindowOverride.map { " Diagnostic: swift-vdl initialWindow = \($0) (RPCBENCH_VDL_WINDOW)." } ?? ""))
    say()

    var unary: [UnaryKey: UnaryStats] = [:]
    var streaming: [StreamKey: StreamStats] = [:]

    if options.only.contains("unary") || options.only.contains("stream") {
        var servers: [ServerKind: ServerProcess] = [:]
        var clients: [ServerKind: any EchoClient] = [:]
        defer { for server in servers.values { server.stop() } }
        for kind in options.systems {
            if let port = options.external[kind] {
                clients[kind] = try await makeClient(kind, port: port)
                progress("\(kind.label) server: external, port \(port)")
                continue
            }
            let server = try ServerProcess(kind: kind, lifetimeSeconds: options.lifetime)
            servers[kind] = server
            clients[kind] = try await makeClient(kind, port: server.port)
            progress("\(kind.label) server: pid \(server.pid), port \(server.port)")
        }

        // Warm-up: connections, caches, the allocator, the thread pools.
        for kind in options.systems {
            for size in options.sizes {
                let result = await runLoad(client: clients[kind]!, size: size, concurrency: 64, maxCalls: options.maxCalls,
                                           maxSeconds: options.warmupSeconds / Double(options.sizes.count))
                if result.errors > 0 { throw BenchError("\(kind.label) warm-up failed: \(result.firstError ?? "?")") }
            }
        }

        if options.only.contains("unary") {
            // Rounds: every case once per round, so load from elsewhere falls on all of them alike.
            for round in 1...options.rounds {
                for concurrency in options.concurrencies {
                    for size in options.sizes {
                        for kind in options.systems {
                            let server = servers[kind]
                            let serverCPU = server?.cpuSeconds() ?? 0
                            let clientCPU = processCPUSeconds()
                            let result = await runLoad(client: clients[kind]!, size: size, concurrency: concurrency,
                                                       maxCalls: options.maxCalls, maxSeconds: options.seconds)
                            let clientUsed = processCPUSeconds() - clientCPU
                            let serverUsed = (server?.cpuSeconds() ?? 0) - serverCPU
                            let key = UnaryKey(concurrency: concurrency, size: size, kind: kind)
                            unary[key, default: UnaryStats()].record(result, clientCPU: clientUsed, serverCPU: serverUsed)
                            progress("round \(round): unary c=\(concurrency) \(formatBytes(size)) \(kind.label): "
                                     + "\(formatNumber(result.callsPerSecond)) calls/s, p50 \(formatNanos(Double(result.histogram.valueAtPercentile(50)))), "
                                     + "p99 \(formatNanos(Double(result.histogram.valueAtPercentile(99))))"
                                     + (result.errors > 0 ? ", \(result.errors) errors" : ""))
                        }
                    }
                }
            }
        }

        if options.only.contains("stream") {
            for round in 1...options.streamRounds {
                for stream in options.streams {
                    for kind in options.systems where kind != .nio {
                        let server = servers[kind]
                        let serverCPU = server?.cpuSeconds() ?? 0
                        let clientCPU = processCPUSeconds()
                        let start = nowNanos()
                        let key = StreamKey(count: stream.count, size: stream.size, kind: kind)
                        var stats = streaming[key] ?? StreamStats()
                        do {
                            let received = try await clients[kind]!.stream(count: stream.count, size: stream.size, timeout: .seconds(120))
                            let seconds = Double(nowNanos() - start) / 1e9
                            let cpu = (processCPUSeconds() - clientCPU) + ((server?.cpuSeconds() ?? 0) - serverCPU)
                            guard received.items == stream.count, received.bytes == stream.count * stream.size else {
                                throw BenchError("received \(received.items) items, \(received.bytes) bytes")
                            }
                            stats.rates.append(Double(stream.count) / seconds)
                            stats.seconds.append(seconds)
                            stats.cpuPerMessage.append(cpu * 1e9 / Double(stream.count))
                            progress("round \(round): stream \(stream.count) x \(formatBytes(stream.size)) \(kind.label): "
                                     + "\(formatNumber(Double(stream.count) / seconds)) msgs/s")
                        } catch {
                            stats.errors += 1
                            stats.firstError = stats.firstError ?? String(describing: error)
                            progress("round \(round): stream \(stream.count) x \(formatBytes(stream.size)) \(kind.label): failed: \(error)")
                        }
                        streaming[key] = stats
                    }
                }
            }
        }
        for client in clients.values { await client.close() }
    }

    if !unary.isEmpty { reportUnary(unary, options) }
    if !streaming.isEmpty { reportStreaming(streaming, options) }

    if options.only.contains("codec") {
        let (cases, facts) = try codecCases()
        var times: [String: [Double]] = [:]
        for _ in 0..<2 { for codecCase in cases { _ = try timeCodec(codecCase, seconds: 0.1) } }  // warm-up
        for round in 1...options.codecRounds {
            for codecCase in cases {
                let nanos = try timeCodec(codecCase, seconds: options.codecSeconds)
                times["\(codecCase.system)/\(codecCase.operation)", default: []].append(nanos)
                progress("round \(round): codec \(codecCase.system) \(codecCase.name): \(formatNanos(nanos))/op")
            }
        }
        reportCodec(cases: cases, times: times, facts: facts)
    }

    if options.only.contains("memory") {
        var results: [MemoryResult] = []
        for kind in options.systems {
            progress("memory: \(options.connections) idle connections to a fresh \(kind.label) server")
            let result = try await measureIdleConnections(kind: kind, connections: options.connections, batch: 50,
                                                          settleSeconds: 1.0, lifetimeSeconds: options.lifetime)
            results.append(result)
        }
        reportMemory(results)
    }

    if options.only.contains("tls") {
        try await runTLS(options)
    }

    if !unary.isEmpty { reportTargets(unary, options) }
}

// MARK: Reports

func reportUnary(_ unary: [UnaryKey: UnaryStats], _ options: Options) {
    say("### Unary echo")
    say()
    say("One connection per system; `c` tasks call back to back. calls/s is the median of the rounds; the percentiles come from "
        + "all calls of all rounds (HdrHistogram, 3 significant digits). CPU/call is the client's plus the server's CPU time "
        + "(user + system) divided by the calls, median of the rounds; the next two columns split it. The server's CPU "
        + "time comes from /proc/PID/stat in clock ticks (10 ms), so it is coarse for short cases.")
    say()
    var rows: [[String]] = []
    for concurrency in options.concurrencies {
        for size in options.sizes {
            for kind in options.systems {
                guard let stats = unary[UnaryKey(concurrency: concurrency, size: size, kind: kind)] else { continue }
                let h = stats.histogram
                rows.append([
                    "\(concurrency)", formatBytes(size), kind.label,
                    formatNumber(median(stats.rates)),
                    formatNanos(Double(h.valueAtPercentile(50))), formatNanos(Double(h.valueAtPercentile(99))),
                    formatNanos(Double(h.valueAtPercentile(99.9))), formatNanos(Double(h.max)),
                    formatNanos(median(stats.cpuPerCall)), formatNanos(median(stats.clientCPUPerCall)),
                    formatNanos(median(stats.serverCPUPerCall)),
                    "\(stats.calls)", stats.errors > 0 ? "\(stats.errors): \(stats.firstError ?? "")" : "0",
                ])
            }
        }
    }
    say(markdownTable(["c", "payload", "system", "calls/s", "p50", "p99", "p99.9", "max", "CPU/call", "client CPU", "server CPU", "calls", "errors"], rows, leftAligned: 3))
    say()

    say("Ratios (swift-vdl / peer). calls/s: above 1 means swift-vdl is faster; p99: below 1 means swift-vdl's tail is shorter.")
    say()
    rows = []
    for concurrency in options.concurrencies {
        for size in options.sizes {
            func stats(_ kind: ServerKind) -> UnaryStats? { unary[UnaryKey(concurrency: concurrency, size: size, kind: kind)] }
            guard let vdl = stats(.vdl) else { continue }
            let vdlRate = median(vdl.rates)
            let vdlP99 = Double(vdl.histogram.valueAtPercentile(99))
            var row = ["\(concurrency)", formatBytes(size)]
            if let grpc = stats(.grpc) {
                row += [formatRatio(vdlRate / median(grpc.rates)), formatRatio(vdlP99 / Double(grpc.histogram.valueAtPercentile(99))),
                        formatRatio(median(vdl.cpuPerCall) / median(grpc.cpuPerCall))]
            } else {
                row += ["-", "-", "-"]
            }
            if let nio = stats(.nio) {
                row += [formatRatio(vdlRate / median(nio.rates)), formatRatio(median(nio.rates) / vdlRate),
                        formatRatio(vdlP99 / Double(nio.histogram.valueAtPercentile(99)))]
            } else {
                row += ["-", "-", "-"]
            }
            rows.append(row)
        }
    }
    say(markdownTable(["c", "payload", "calls/s vdl/grpc", "p99 vdl/grpc", "CPU/call vdl/grpc",
                       "calls/s vdl/floor", "floor is faster by", "p99 vdl/floor"], rows, leftAligned: 2))
    say()
}

func reportStreaming(_ streaming: [StreamKey: StreamStats], _ options: Options) {
    say("### Server streaming")
    say()
    say("One call streams `messages` items of `size` bytes (the item message `{ bytes value = 1; }` on both sides); "
        + "median of \(options.streamRounds) rounds. MB/s counts payload bytes (10^6).")
    say()
    var rows: [[String]] = []
    var ratios: [[String]] = []
    for stream in options.streams {
        var rates: [ServerKind: Double] = [:]
        for kind in options.systems where kind != .nio {
            guard let stats = streaming[StreamKey(count: stream.count, size: stream.size, kind: kind)] else { continue }
            let rate = median(stats.rates)
            rates[kind] = rate
            rows.append([
                "\(stream.count)", formatBytes(stream.size), kind.label, formatNumber(rate),
                String(format: "%.1f", rate * Double(stream.size) / 1e6), formatNanos(median(stats.seconds) * 1e9),
                formatNanos(median(stats.cpuPerMessage)),
                stats.errors > 0 ? "\(stats.errors): \(stats.firstError ?? "")" : "0",
            ])
        }
        if let vdl = rates[.vdl], let grpc = rates[.grpc] {
            ratios.append(["\(stream.count)", formatBytes(stream.size), formatRatio(vdl / grpc)])
        }
    }
    say(markdownTable(["messages", "size", "system", "msgs/s", "MB/s", "call time", "CPU/msg", "errors"], rows, leftAligned: 3))
    say()
    if !ratios.isEmpty {
        say(markdownTable(["messages", "size", "msgs/s vdl/grpc"], ratios, leftAligned: 2))
        say()
    }
}

func reportCodec(cases: [CodecCase], times: [String: [Double]], facts: CodecFacts) {
    say("### Codec: bench.Order")
    say()
    say("In process, one thread. bench.Order: 11 fields (strings, integers, a nested struct, a list of 20 structs of 5 fields, "
        + "a map<string, sint64> of 10 entries, 64 bytes). Encoded size: VDLWire \(facts.vdlBytes) B, swift-protobuf \(facts.protoBytes) B; "
        + "VDLWire's bytes \(facts.identicalToDeterministic ? "are identical to" : "differ from") swift-protobuf's deterministic encoding, "
        + "and each side decodes the other's bytes to an equal value. Median of the rounds.")
    say()
    var rows: [[String]] = []
    for codecCase in cases {
        let nanos = median(times["\(codecCase.system)/\(codecCase.operation)"] ?? [])
        rows.append([codecCase.name, codecCase.system, formatNanos(nanos), formatNumber(1e9 / nanos),
                     String(format: "%.0f", Double(facts.vdlBytes) / nanos * 1e3)])
    }
    say(markdownTable(["operation", "system", "ns/op", "ops/s", "MB/s"], rows, leftAligned: 2))
    say()
    func time(_ key: String) -> Double { median(times[key] ?? []) }
    let encode = time("swift-protobuf/encode") / time("VDLWire/encode")
    let encodeDeterministic = time("swift-protobuf/encode-deterministic") / time("VDLWire/encode")
    let decode = time("swift-protobuf/decode") / time("VDLWire/decode")
    func verdict(_ ratio: Double) -> String { ratio >= 1.5 ? "met" : "missed" }
    say(markdownTable(["ratio (VDLWire speed / swift-protobuf speed; target at least 1.5x)", "value", "result"], [
        ["encode", formatRatio(encode), verdict(encode)],
        ["encode, against swift-protobuf's deterministic (sorted map) encoding", formatRatio(encodeDeterministic), verdict(encodeDeterministic)],
        ["decode", formatRatio(decode), verdict(decode)],
    ]))
    say()
}

func reportMemory(_ results: [MemoryResult]) {
    say("### Server memory per idle connection")
    say()
    say("A fresh server process; RSS (VmRSS, /proc/PID/status) after a warm-up connection and again after N more clients, one connection "
        + "each, connected and made one 16-byte echo call, then 1 s of idle. RssAnon is the anonymous (heap and stack) part.")
    say()
    let rows = results.map { r in
        [r.kind.label, "\(r.connections)", "\(r.before.rssKiB / 1024) MiB", "\(r.after.rssKiB / 1024) MiB",
         String(format: "%.1f", r.kibPerConnection), String(format: "%.1f", r.anonKiBPerConnection),
         "\(r.before.threads) → \(r.after.threads)", String(format: "%.1f s", r.openSeconds),
         r.errors > 0 ? "\(r.errors): \(r.firstError ?? "")" : "0"]
    }
    say(markdownTable(["server", "connections", "RSS before", "RSS after", "KiB/connection", "RssAnon KiB/connection", "threads", "time to open", "errors"], rows))
    say()
    if let vdl = results.first(where: { $0.kind == .vdl }), let grpc = results.first(where: { $0.kind == .grpc }) {
        say("swift-vdl / grpc-swift-2 memory per idle connection: \(formatRatio(vdl.kibPerConnection / grpc.kibPerConnection)).")
        say()
    }
}

func reportTargets(_ unary: [UnaryKey: UnaryStats], _ options: Options) {
    guard let maxConcurrency = options.concurrencies.max() else { return }
    var rows: [[String]] = []
    for size in options.sizes {
        func stats(_ kind: ServerKind) -> UnaryStats? { unary[UnaryKey(concurrency: maxConcurrency, size: size, kind: kind)] }
        guard let vdl = stats(.vdl), let grpc = stats(.grpc) else { continue }
        let ratio = median(vdl.rates) / median(grpc.rates)
        rows.append(["c=\(maxConcurrency), \(formatBytes(size)): calls/s at least 2x grpc-swift-2's", formatRatio(ratio), ratio >= 2 ? "met" : "missed"])
        let vdlP99 = Double(vdl.histogram.valueAtPercentile(99)), grpcP99 = Double(grpc.histogram.valueAtPercentile(99))
        rows.append(["c=\(maxConcurrency), \(formatBytes(size)): p99 below grpc-swift-2's",
                     "\(formatNanos(vdlP99)) vs \(formatNanos(grpcP99))", vdlP99 < grpcP99 ? "met" : "missed"])
    }
    // The floor target names no concurrency: every case is checked.
    for concurrency in options.concurrencies {
        for size in options.sizes {
            func stats(_ kind: ServerKind) -> UnaryStats? { unary[UnaryKey(concurrency: concurrency, size: size, kind: kind)] }
            guard let vdl = stats(.vdl), let nio = stats(.nio) else { continue }
            let slower = median(nio.rates) / median(vdl.rates)
            rows.append(["c=\(concurrency), \(formatBytes(size)): calls/s within 1.5x of the raw NIO floor",
                         "floor is \(formatRatio(slower)) faster", slower <= 1.5 ? "met" : "missed"])
        }
    }
    if !rows.isEmpty {
        say("### Against the targets (unary)")
        say()
        say(markdownTable(["target", "measured", "result"], rows))
        say()
    }
}

import Foundation
import Testing
import VDLRPC
import VDLTransport
import VDLWire

/// A client in C, written from docs/wire.md and the generated .proto files (Interop/c/), talks to
/// the Swift server; and libprotobuf-c reads and writes the same bytes as the Swift codec for
/// every field kind of testing/features.
///
/// They need cc, make, protoc-c and libprotobuf-c. They run when those are installed, and always
/// under CI (`VDL_REQUIRE_PROTOC=1`), where a missing tool fails them.
@Suite(
    .serialized, .timeLimit(.minutes(2)),
    .enabled(if: CInterop.toolsPresent || ProcessInfo.processInfo.environment["VDL_REQUIRE_PROTOC"] != nil))
struct CInteropTests {
    // MARK: fortune-c against RPCServer

    /// `fortune-c 127.0.0.1 PORT ARGS...`
    static func fortuneC(_ port: Int, _ arguments: String...) async throws -> CInterop.Run {
        let programs = try await CInterop.programs()
        return try await CInterop.run(programs.fortuneC, ["127.0.0.1", "\(port)"] + arguments)
    }

    static func port(of address: ServerAddress) throws -> Int {
        guard case .tcp(_, let port) = address else { throw CInterop.BuildFailure(description: "not a TCP address: \(address)") }
        return port
    }

    @Test func theCClientCallsEveryMethod() async throws {
        let fortunes = TestFortunes()
        try await withServer(services: [Fortune.Fortune.registration(fortunes)]) { (_, address) async throws in
            let port = try Self.port(of: address)

            let empty = try await Self.fortuneC(port, "get")
            #expect(empty.status == 1, "\(empty.errors)")
            #expect(empty.errors.contains("examples/fortune.NoFortunes"), "\(empty.errors)")
            #expect(empty.errors.contains("no fortunes have been added"), "\(empty.errors)")
            #expect(empty.stdout.isEmpty)

            let add = try await Self.fortuneC(port, "add", "hello from C")
            #expect(add.status == 0, "\(add.errors)")
            #expect(add.stdout.isEmpty && add.stderr.isEmpty, "\(add.output)\(add.errors)")
            #expect(fortunes.fortunes.withLock { $0 } == ["hello from C"])

            let has = try await Self.fortuneC(port, "has", "hello from C")
            #expect(has.status == 0, "\(has.errors)")
            #expect(has.output == "true\n")

            let hasNot = try await Self.fortuneC(port, "has", "héllo from Swift")
            #expect(hasNot.status == 0, "\(hasNot.errors)")
            #expect(hasNot.output == "false\n")

            let get = try await Self.fortuneC(port, "get")
            #expect(get.status == 0, "\(get.errors)")
            #expect(get.output == "hello from C\n")
        }
    }

    /// The C client reads the server's max_frame_size from its Hello and refuses to send more.
    @Test func theCClientKeepsToTheServersFrameLimit() async throws {
        var configuration = RPCServerConfiguration()
        configuration.transport.maxFrameSize = 64
        let fortunes = TestFortunes()
        try await withServer(services: [Fortune.Fortune.registration(fortunes)], configuration: configuration) { (_, address) async throws in
            let port = try Self.port(of: address)
            let long = try await Self.fortuneC(port, "add", String(repeating: "x", count: 100))
            #expect(long.status == 3)
            #expect(long.errors.contains("exceeds the server's limit of 64 bytes"), "\(long.errors)")

            let short = try await Self.fortuneC(port, "add", "short")
            #expect(short.status == 0, "\(short.errors)")
            #expect(fortunes.fortunes.withLock { $0 } == ["short"])
        }
    }

    /// A standard error in a Failure (here the per-connection call limit) reaches the C client.
    @Test func theCClientReportsStandardErrors() async throws {
        var configuration = RPCServerConfiguration()
        configuration.maxConcurrentCallsPerConnection = 0
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())], configuration: configuration) { (_, address) async throws in
            let refused = try await Self.fortuneC(try Self.port(of: address), "has", "x")
            #expect(refused.status == 1)
            #expect(refused.errors.contains("vdl.Unavailable: too many concurrent calls"), "\(refused.errors)")
        }
    }

    // MARK: fortune-c against a scripted server

    /// Pings are answered; Credits, a GoAway that lets the call finish, and frames of calls that
    /// do not exist are passed over.
    @Test func theCClientAnswersPingsAndSkipsOtherFrames() async throws {
        let server = try await CInteropScriptedServer.start(.answerAfterNoise)
        defer { Task { await server.close() } }
        let run = try await Self.fortuneC(server.port, "has", "x")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == "true\n")
        let kinds = server.received.withLock { $0 }.map { frame -> String in
            switch frame {
            case .hello(let hello): "hello \(hello.versions) \(hello.maxFrameSize) \(hello.initialWindow)"
            case .request(let request): "request \(request.callID) \(request.method) \(request.timeoutMicros) \(request.endOfStream)"
            case .ping(let ping): "ping \(ping.payload) \(ping.ack)"
            default: "other"
            }
        }
        #expect(kinds == [
            "hello [1] 4194304 262144", "request 1 examples/fortune.Fortune/Has 10000000 true", "ping 7 true",
        ])
    }

    /// A refused connection or call, an oversized or malformed frame: the client stops with the
    /// right status, and tells the server about a protocol error with GoAway{vdl.BadProtocol}.
    @Test(arguments: [
        (CInteropScriptedServer.Script.refuseConnection, Int32(1), "refused the connection: vdl.BadProtocol: no common protocol version", false),
        (.refuseCall, 1, "vdl.Unavailable: the server is shutting down and did not take the call", false),
        (.oversizedFrame, 3, "protocol error: the server sent a frame of 2147483647 bytes, more than our limit of 4194304", true),
        (.malformedFrame, 3, "protocol error: the server sent a frame that does not decode", true),
    ])
    func theCClientStopsOnBadAnswers(script: CInteropScriptedServer.Script, status: Int32, message: String, sendsGoAway: Bool) async throws {
        let server = try await CInteropScriptedServer.start(script)
        defer { Task { await server.close() } }
        let run = try await Self.fortuneC(server.port, "get")
        #expect(run.status == status, "\(run.errors)")
        #expect(run.errors.contains(message), "\(run.errors)")
        #expect(run.stdout.isEmpty)
        if sendsGoAway {
            let goAway = await server.waitForFrame { frame in
                if case .goAway(let goAway) = frame { return goAway.error?.id == StandardErrors.badProtocolID }
                return false
            }
            #expect(goAway, "no GoAway{vdl.BadProtocol} from the client")
        }
    }

    // MARK: the codec against libprotobuf-c

    /// `codec-roundtrip MODE [TYPE]` with `input` on stdin; fails the test when it fails.
    static func codec(_ arguments: [String], input: [UInt8] = []) async throws -> [UInt8] {
        let programs = try await CInterop.programs()
        let run = try await CInterop.run(programs.codecRoundtrip, arguments, input: input)
        #expect(run.status == 0, "codec-roundtrip \(arguments): \(run.errors)")
        return run.stdout
    }

    /// (i) Swift encodes every field kind; libprotobuf-c reads each field as expected and writes it
    /// back; Swift decodes that to the same value (and, since protobuf-c keeps the order of
    /// repeated and map entries, to the same bytes).
    @Test func aSwiftEverythingThroughLibprotobufC() async throws {
        let original = try CInterop.sampleEverything()
        let bytes = try original.serializedBytes()

        let dump = String(decoding: try await Self.codec(["dump", "testing.features.Everything"], input: bytes), as: UTF8.self)
        #expect(dump == CInterop.sampleEverythingAsSeenByC, "protobuf-c read:\n\(dump)")

        let repacked = try await Self.codec(["repack", "testing.features.Everything"], input: bytes)
        #expect(try Features.Everything(serializedBytes: repacked) == original)
        #expect(CInterop.hex(repacked) == CInterop.hex(bytes))
    }

    /// (ii) libprotobuf-c builds an Everything with every field set; Swift decodes exactly the
    /// values it set, and re-encodes them to the same bytes (the C program writes sets and maps
    /// in the canonical order).
    @Test func aLibprotobufCEverythingInSwift() async throws {
        let bytes = try await Self.codec(["build"])
        let decoded = try Features.Everything(serializedBytes: bytes)
        let expected = try CInterop.everythingBuiltInC()
        #expect(decoded == expected)
        // Field by field, so that a difference names the field.
        #expect(decoded.f64 == 1e300 && decoded.f32 == -3.25 && decoded.ratio == 0.125)
        #expect(decoded.i32 == .min && decoded.u32 == .max && decoded.u64 == .max && decoded.i8 == -128)
        #expect(decoded.shape == expected.shape)
        #expect(decoded.map == expected.map && decoded.deep == expected.deep && decoded.lookup == expected.lookup)
        #expect(decoded.perms == expected.perms && decoded.err == expected.err && decoded.any == expected.any)
        #expect(CInterop.hex(try decoded.serializedBytes()) == CInterop.hex(bytes))
    }

    /// (iii) Messages without maps or sets: the Swift encoding and libprotobuf-c's re-encoding
    /// of it are the same bytes, for every field kind and every oneof arm.
    @Test func theSameBytesAsLibprotobufC() async throws {
        for (type, value) in try CInterop.messagesWithoutMapsOrSets() {
            let bytes = try value()
            let repacked = try await Self.codec(["repack", type], input: bytes)
            #expect(CInterop.hex(repacked) == CInterop.hex(bytes), "\(type)")
        }
    }

    /// A stream item whose value is zero: Swift writes `value` anyway, protobuf-c (proto3) leaves
    /// it out; both decode to the zero value.
    @Test func zeroStreamItems() async throws {
        let swift = try StreamItem.encode("", as: StringCodec.self)
        #expect(swift == [0x0a, 0x00])
        let repacked = try await Self.codec(["repack", "testing.features.StoreChatServerStream"], input: swift)
        #expect(repacked.isEmpty)
        #expect(try StreamItem.decode(repacked, as: StringCodec.self) == "")
    }
}

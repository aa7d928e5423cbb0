import Testing
import VDLRPC
import VDLTransport
import VDLWire

/// Rules of docs/wire.md that a peer can observe, checked with raw frames.
@Suite(.timeLimit(.minutes(1)))
struct ProtocolRuleTests {
    func finalFrames(_ frames: [Wire.Frame], callID: UInt64) -> [Wire.Frame] {
        frames.filter {
            switch $0 {
            case .response(let r): return r.callID == callID
            case .failure(let f): return f.callID == callID
            default: return false
            }
        }
    }

    func hasRequest(_ fortune: String, id: UInt64) throws -> Wire.Frame {
        .request(Wire.Request(callID: id, method: "examples/fortune.Fortune/Has",
                              arguments: try Fortune.Fortune.Method.Has.Request(fortune: fortune).serializedBytes(), endOfStream: true))
    }

    @Test func framesOfUnknownKindsAreSkipped() async throws {
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())]) { (_, address) async throws in
            let raw = try await RawConnection.connect(to: address)
            try await raw.send(clientHello)
            // A frame with only field 50 (a kind from a later version), and an empty frame.
            try await raw.send([0, 0, 0, 3, 0x92, 0x03, 0x00])
            try await raw.send([0, 0, 0, 0])
            try await raw.send(try hasRequest("x", id: 1))
            try await waitUntil { ((try? raw.frames()) ?? []).count >= 2 }
            #expect(finalFrames(try raw.frames(), callID: 1).count == 1)
            #expect(raw.channel.isActive)
            await raw.close()
        }
    }

    @Test func aConnectionWithoutHelloIsClosed() async throws {
        var configuration = RPCServerConfiguration()
        configuration.transport.handshakeTimeout = .milliseconds(200)
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())], configuration: configuration) { (_, address) async throws in
            let raw = try await RawConnection.connect(to: address)
            #expect(await raw.waitForClose())
            guard case .goAway(let goAway)? = try raw.frames().last else {
                Issue.record("expected GoAway")
                return
            }
            #expect(goAway.error?.message.contains("no Hello") == true)
        }
    }

    @Test func pingsDoNotKeepAnIdleConnectionOpen() async throws {
        var configuration = RPCServerConfiguration()
        configuration.transport.idleTimeout = .milliseconds(300)
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())], configuration: configuration) { (_, address) async throws in
            let raw = try await RawConnection.connect(to: address)
            try await raw.send(clientHello)
            let start = ContinuousClock.now
            while raw.channel.isActive, ContinuousClock.now - start < .seconds(3) {
                try? await raw.send(.ping(Wire.Ping(payload: 1)))
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(!raw.channel.isActive, "the server kept an idle connection open because of pings")
        }
    }

    @Test func streamItemsBeyondTheWindowFailOnlyTheirCall() async throws {
        var configuration = RPCServerConfiguration()
        configuration.transport.initialWindow = 100
        let services = [Features.Store.registration(TestStore()), Fortune.Fortune.registration(TestFortunes())]
        try await withServer(services: services, configuration: configuration) { (_, address) async throws in
            let raw = try await RawConnection.connect(to: address)
            try await raw.send(clientHello)
            // Each item counts 50 + 32 bytes: the second takes the window of 100 below zero, so
            // the third is beyond it (the server grants nothing back before it reads the burst).
            // A Point padded to 50 bytes with an unknown field (15, length-delimited).
            let item = try StreamItem.encode(Features.Point(x: 1, y: 2), as: Features.Point.WireCodec.self)
            let padded = item + [0x7A, UInt8(48 - item.count)] + [UInt8](repeating: 7, count: 48 - item.count)
            var burst: [Wire.Frame] = [.request(Wire.Request(callID: 1, method: "testing/features.Store/Upload"))]
            burst += Array(repeating: Wire.Frame.item(1, padded), count: 20)
            try await raw.send(burst)
            try await raw.send(try hasRequest("x", id: 2))
            try await waitUntil { finalFrames((try? raw.frames()) ?? [], callID: 2).count == 1 }
            guard case .failure(let failure)? = finalFrames(try raw.frames(), callID: 1).first else {
                Issue.record("expected a Failure, got \(try raw.frames().map(\.kindName))")
                return
            }
            #expect(failure.error?.id == StandardErrors.badProtocolID)
            #expect(failure.error?.message.contains("beyond the granted window") == true)
            #expect(finalFrames(try raw.frames(), callID: 1).count == 1)
            guard case .response? = finalFrames(try raw.frames(), callID: 2).first else {
                Issue.record("the next call on the connection failed: \(try raw.frames().map(\.kindName))")
                return
            }
            #expect(raw.channel.isActive)
            await raw.close()
        }
    }

    @Test func aCallEndsWithExactlyOneFinalFrame() async throws {
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())]) { (_, address) async throws in
            let raw = try await RawConnection.connect(to: address)
            try await raw.send(clientHello)
            // A stream item on a call whose client side already ended.
            try await raw.send(try hasRequest("x", id: 1))
            try await raw.send(.item(1, [1, 2, 3]))
            try await raw.send(try hasRequest("y", id: 2))
            try await waitUntil { ((try? raw.frames()) ?? []).contains { if case .response(let r) = $0 { return r.callID == 2 } else { return false } } }
            try await Task.sleep(for: .milliseconds(100))
            #expect(finalFrames(try raw.frames(), callID: 1).count == 1)
            await raw.close()
        }
    }

    @Test func resultsBeyondTheClientsFrameLimitFailTheCall() async throws {
        let fortunes = TestFortunes()
        fortunes.fortunes.withLock { $0 = [String(repeating: "x", count: 4000)] }
        try await withServer(services: [Fortune.Fortune.registration(fortunes)]) { (_, address) async throws in
            let raw = try await RawConnection.connect(to: address)
            try await raw.send(.hello(Wire.Hello(versions: [1], maxFrameSize: 1024, initialWindow: 4096, agent: "small")))
            try await raw.send(.request(Wire.Request(callID: 1, method: "examples/fortune.Fortune/Get", endOfStream: true)))
            try await waitUntil { ((try? raw.frames()) ?? []).count >= 2 }
            guard case .failure(let failure)? = finalFrames(try raw.frames(), callID: 1).first else {
                Issue.record("expected a Failure, got \(try raw.frames().map(\.kindName))")
                return
            }
            #expect(failure.error?.message.contains("frame limit of 1024") == true)
            await raw.close()
        }
    }
}

extension Wire.Frame {
    static func item(_ callID: UInt64, _ bytes: [UInt8]) -> Wire.Frame {
        .data(Wire.Data(callID: callID, item: bytes, hasItem: true))
    }
}

extension ProtocolRuleTests {
    @Test func errorsBeyondTheClientsFrameLimitAreCutButKeepTheirID() async throws {
        try await withServer(services: [Fortune.Fortune.registration(LoudFortunes())]) { (_, address) async throws in
            let raw = try await RawConnection.connect(to: address)
            try await raw.send(.hello(Wire.Hello(versions: [1], maxFrameSize: 1024, initialWindow: 4096, agent: "small")))
            try await raw.send(.request(Wire.Request(callID: 1, method: "examples/fortune.Fortune/Get", endOfStream: true)))
            try await waitUntil { ((try? raw.frames()) ?? []).count >= 2 }
            let frames = try raw.frames()
            guard case .failure(let failure)? = finalFrames(frames, callID: 1).first else {
                Issue.record("expected a Failure, got \(frames.map(\.kindName))")
                return
            }
            #expect(failure.error?.id == "test.Loud")
            #expect(failure.error?.retryAction == .retryBackoff)
            #expect(failure.error?.message.contains("error cut from") == true)
            #expect(try Wire.Frame.failure(failure).serializedBytes().count <= 1024)
            await raw.close()
        }
    }

    @Test func aRequestBeyondTheServersFrameLimitIsNotSent() async throws {
        var configuration = RPCServerConfiguration()
        configuration.transport.maxFrameSize = 2048
        let fortunes = TestFortunes()
        try await withServer(services: [Fortune.Fortune.registration(fortunes)], configuration: configuration) { (_, address) async throws in
            let client = Fortune.Fortune.Client(transport: RPCClient(target: address, security: .plaintext))
            // Small arguments, large metadata: the whole Request counts.
            let refused = await vdlError {
                try await client.add(fortune: "x", options: CallOptions(metadata: ["note": String(repeating: "m", count: 2100)]))
            }
            #expect(refused?.id == StandardErrors.badArgumentID)
            #expect(refused?.message.contains("frame limit of 2048") == true)
            #expect(fortunes.startedCalls.load(ordering: .relaxed) == 0)
            try await client.add(fortune: "x", options: CallOptions(metadata: ["note": "short"]))
            #expect(fortunes.startedCalls.load(ordering: .relaxed) == 1)
        }
    }
}

/// Fails every Get with an error far larger than a small client's frame limit.
private final class LoudFortunes: Fortune.Fortune.Service {
    func add(fortune: String, context: ServerCallContext) async throws {}
    func get(context: ServerCallContext) async throws -> String {
        throw VDLError(id: "test.Loud", retryAction: .retryBackoff, message: String(repeating: "loud ", count: 2000))
    }
    func has(fortune: String, context: ServerCallContext) async throws -> Bool { false }
}

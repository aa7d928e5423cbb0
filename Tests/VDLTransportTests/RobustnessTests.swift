import Testing
import VDLRPC
import VDLTransport
import VDLWire

/// A broken or hostile peer affects only its own connection: the server answers with GoAway
/// (BadProtocol) and closes it, while other clients keep being served.
@Suite(.timeLimit(.minutes(1)))
struct RobustnessTests {
    /// Runs `attack` against a server while a well-behaved client calls it before and after.
    func withServerUnderAttack(_ attack: (ServerAddress) async throws -> Void) async throws {
        var configuration = RPCServerConfiguration()
        configuration.transport.maxFrameSize = 64 * 1024
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())], configuration: configuration) { (_, address) async throws in
            let client = Fortune.Fortune.Client(transport: RPCClient(target: address, security: .plaintext))
            try await client.add(fortune: "before")
            try await attack(address)
            try await client.add(fortune: "after")
            #expect(try await client.has(fortune: "before"))
            #expect(try await client.has(fortune: "after"))
        }
    }

    @Test func garbageInsteadOfAHello() async throws {
        try await withServerUnderAttack { address in
            let raw = try await RawConnection.connect(to: address)
            try await raw.send(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            #expect(await raw.waitForClose())
        }
    }

    @Test func malformedFrameAfterTheHello() async throws {
        try await withServerUnderAttack { address in
            let raw = try await RawConnection.connect(to: address)
            try await raw.send(clientHello)
            // A frame whose body is not a valid Frame: field 1 with wire type 7.
            try await raw.send([0, 0, 0, 3, 0x0F, 0xFF, 0xFF])
            #expect(await raw.waitForClose())
            let frames = try raw.frames()
            guard case .hello? = frames.first, case .goAway(let goAway)? = frames.last else {
                Issue.record("expected Hello then GoAway, got \(frames.map(\.kindName))")
                return
            }
            #expect(goAway.error?.id == StandardErrors.badProtocolID)
            #expect(goAway.error?.message.contains("malformed frame") == true)
        }
    }

    @Test func oversizedFrameLength() async throws {
        try await withServerUnderAttack { address in
            let raw = try await RawConnection.connect(to: address)
            try await raw.send(clientHello)
            try await raw.send([0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3])
            #expect(await raw.waitForClose())
            if case .goAway(let goAway)? = try raw.frames().last {
                #expect(goAway.error?.message.contains("exceeds the limit") == true)
            } else {
                Issue.record("no GoAway before the close")
            }
        }
    }

    @Test func truncatedFrameThenDisconnect() async throws {
        try await withServerUnderAttack { address in
            let raw = try await RawConnection.connect(to: address)
            try await raw.send(clientHello)
            try await raw.send([0, 0, 0, 100, 1, 2, 3])
            await raw.close()
        }
    }

    @Test func unsupportedProtocolVersion() async throws {
        try await withServerUnderAttack { address in
            let raw = try await RawConnection.connect(to: address)
            try await raw.send(.hello(Wire.Hello(versions: [7, 9], maxFrameSize: 1024, initialWindow: 1, agent: "future")))
            #expect(await raw.waitForClose())
            guard case .goAway(let goAway)? = try raw.frames().first else {
                Issue.record("expected GoAway")
                return
            }
            #expect(goAway.error?.id == StandardErrors.badProtocolID)
            #expect(goAway.error?.message.contains("[7, 9]") == true)
        }
    }

    @Test func requestBeforeHelloAndReusedCallIDs() async throws {
        try await withServerUnderAttack { address in
            let first = try await RawConnection.connect(to: address)
            try await first.send(.request(Wire.Request(callID: 1, method: "examples/fortune.Fortune/Has")))
            #expect(await first.waitForClose())

            let second = try await RawConnection.connect(to: address)
            try await second.send(clientHello)
            let has = try Fortune.Fortune.Method.Has.Request(fortune: "before").serializedBytes()
            try await second.send(.request(Wire.Request(callID: 5, method: "examples/fortune.Fortune/Has", arguments: has, endOfStream: true)))
            try await second.send(.request(Wire.Request(callID: 5, method: "examples/fortune.Fortune/Has", arguments: has, endOfStream: true)))
            #expect(await second.waitForClose())
            guard case .goAway(let goAway)? = try second.frames().last else {
                Issue.record("expected GoAway")
                return
            }
            #expect(goAway.error?.message.contains("call id 5 is not above the previous one") == true)
        }
    }

    @Test func pingsAreAnswered() async throws {
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())]) { (_, address) async throws in
            let raw = try await RawConnection.connect(to: address)
            try await raw.send(clientHello)
            try await raw.send(.ping(Wire.Ping(payload: 42, ack: false)))
            try await waitUntil { ((try? raw.frames()) ?? []).count >= 2 }
            let frames = try raw.frames()
            #expect(frames.contains(.ping(Wire.Ping(payload: 42, ack: true))))
            await raw.close()
        }
    }

    @Test func undecodableArgumentsFailOnlyTheCall() async throws {
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())]) { (_, address) async throws in
            let raw = try await RawConnection.connect(to: address)
            try await raw.send(clientHello)
            try await raw.send(.request(Wire.Request(callID: 1, method: "examples/fortune.Fortune/Has", arguments: [0x0A, 0x05, 0x61], endOfStream: true)))
            try await waitUntil { ((try? raw.frames()) ?? []).count >= 2 }
            guard case .failure(let failure)? = try raw.frames().last else {
                Issue.record("expected a Failure")
                return
            }
            #expect(failure.callID == 1)
            #expect(failure.error?.id == StandardErrors.badArgumentID)
            #expect(raw.channel.isActive)
            await raw.close()
        }
    }

    @Test func aVanishedClientsCallsAreCanceled() async throws {
        let fortunes = TestFortunes(addDelay: .seconds(20))
        try await withServer(services: [Fortune.Fortune.registration(fortunes)]) { (_, address) async throws in
            let raw = try await RawConnection.connect(to: address)
            try await raw.send(clientHello)
            let add = try Fortune.Fortune.Method.Add.Request(fortune: "orphan").serializedBytes()
            try await raw.send(.request(Wire.Request(callID: 1, method: "examples/fortune.Fortune/Add", arguments: add, endOfStream: true)))
            try await Task.sleep(for: .milliseconds(100))
            await raw.close()
            try await waitUntil { fortunes.cancelledCalls.load(ordering: .relaxed) == 1 }
            #expect(fortunes.finishedCalls.load(ordering: .relaxed) == 0)
        }
    }
}

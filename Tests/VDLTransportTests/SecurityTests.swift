import Foundation
import Synchronization
import Testing
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// A root that blesses the server and the callers; everyone trusts it.
private struct Deployment {
    let root: Principal
    var rootBlessings: Blessings { root.blessingStore.defaultBlessings }

    init() throws {
        root = try Principal.ephemeral(name: "root")
    }

    /// A principal blessed root:<name>, trusting root.
    func member(_ name: String, caveats: [Security.Caveat] = []) throws -> Principal {
        try root.delegate(name, caveats: caveats)
    }

    /// Read for root:alice and root:bob, Write for root:alice only.
    static let permissions: Access.Permissions = [
        "Read": Access.AccessList(in: ["root:alice", "root:bob"]),
        "Write": Access.AccessList(in: ["root:alice"]),
    ]
}

/// Records the grant each call carried.
private final class GrantRecorder: Fortune.Fortune.Service {
    let granted = Mutex<Blessings?>(nil)
    let peer = Mutex("")
    func add(fortune: String, context: ServerCallContext) async throws {}
    func get(context: ServerCallContext) async throws -> String {
        granted.withLock { $0 = context.grantedBlessings }
        peer.withLock { $0 = context.peer }
        return context.remoteBlessingNames.joined(separator: ",")
    }
    func has(fortune: String, context: ServerCallContext) async throws -> Bool { false }
}

@Suite struct SecurityTests {
    private func client(_ principal: Principal, _ address: ServerAddress, pattern: Access.BlessingPattern? = nil) -> Fortune.Fortune.Client {
        var configuration = RPCClientConfiguration()
        configuration.maxAttempts = 1
        return Fortune.Fortune.Client(transport: RPCClient(target: address, security: .tls(principal), serverBlessings: pattern, configuration: configuration))
    }

    @Test func permissionsDecideWhoMayCallOverTLS() async throws {
        let deployment = try Deployment()
        let server = try deployment.member("fortune")
        let fortunes = TestFortunes()
        try await withServer(services: [Fortune.Fortune.registration(fortunes)], security: .tls(server),
                             authorizer: .permissions(Deployment.permissions)) { _, address in
            // Allowed: alice may write and read.
            let alice = client(try deployment.member("alice"), address, pattern: "root:fortune")
            try await alice.add(fortune: "granted")
            #expect(try await alice.get() == "granted")

            // bob may read but not write; the refused method never runs.
            let bob = client(try deployment.member("bob"), address)
            #expect(try await bob.get() == "granted")
            let refused = await vdlError { try await bob.add(fortune: "bob was here") }
            #expect(refused?.id == StandardErrors.noAccessID)
            #expect(refused?.message.contains("root:bob") == true)
            #expect(refused?.message.contains("Write") == true)

            // alice's blessing with an expiry that has passed carries no valid name.
            let expired = client(try deployment.member("alice", caveats: [try .expiry(at: Date().addingTimeInterval(-1))]), address)
            let stale = await vdlError { try await expired.add(fortune: "late") }
            #expect(stale?.id == StandardErrors.noAccessID)
            #expect(stale?.message.contains("expired") == true)

            // A principal whose "root:alice" comes from another root key is not trusted.
            let mallory = Principal()
            let fakeRoot = try mallory.blessSelf("root")
            let fake = try mallory.bless(mallory.publicKey, with: fakeRoot, extension: "alice")
            try mallory.adopt(fake)
            try mallory.roots.recognize(deployment.rootBlessings)
            let untrusted = await vdlError { try await client(mallory, address).add(fortune: "forged") }
            #expect(untrusted?.id == StandardErrors.noAccessID)
            #expect(untrusted?.message.contains("not recognized") == true)

            // A method caveat limits alice's blessing to Get.
            let reader = client(try deployment.member("alice", caveats: [try .method(["Get"])]), address)
            #expect(try await reader.get() == "granted")
            #expect(await vdlError { try await reader.add(fortune: "no") }?.id == StandardErrors.noAccessID)

            #expect(fortunes.fortunes.withLock { $0 } == ["granted"])
            #expect(fortunes.startedCalls.load(ordering: .relaxed) == 1)
        }
    }

    @Test func theDefaultAuthorizerAdmitsRelatedNamesOnly() async throws {
        let deployment = try Deployment()
        let server = try deployment.member("fortune")
        let device = try server.delegate("device")
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())], security: .tls(server), authorizer: .default) { _, address in
            #expect(try await client(device, address).has(fortune: "x") == false)
            let bob = try deployment.member("bob")
            let stranger = await vdlError { _ = try await client(bob, address).has(fortune: "x") }
            #expect(stranger?.id == StandardErrors.noAccessID)
        }
    }

    @Test func aClientPinnedToAServerPatternRefusesAnImpostor() async throws {
        let deployment = try Deployment()
        // The impostor calls itself root:fortune under its own root key.
        let impostor = Principal()
        let ownRoot = try impostor.blessSelf("root")
        try impostor.adopt(try impostor.bless(impostor.publicKey, with: ownRoot, extension: "fortune"))
        let fortunes = TestFortunes()
        try await withServer(services: [Fortune.Fortune.registration(fortunes)], security: .tls(impostor)) { _, address in
            let alice = try deployment.member("alice")
            let refused = await vdlError { try await client(alice, address, pattern: "root:fortune").add(fortune: "secret") }
            #expect(refused?.id == StandardErrors.notTrustedID)
            #expect(refused?.message.contains("root:fortune") == true)
            // Without a pattern the client talks to it (and the impostor learns nothing more).
            try await client(alice, address).add(fortune: "public")
        }
        #expect(fortunes.fortunes.withLock { $0 } == ["public"])
    }

    @Test func aGrantedBlessingArrivesBoundToTheServersKey() async throws {
        let deployment = try Deployment()
        let server = try deployment.member("fortune")
        let recorder = GrantRecorder()
        try await withServer(services: [Fortune.Fortune.registration(recorder)], security: .tls(server),
                             authorizer: .permissions(Deployment.permissions)) { _, address in
            let alice = try deployment.member("alice")
            let names = try await client(alice, address).get(options: CallOptions(grant: Grant(extension: "delegate", caveats: [try .expiry(after: .seconds(60))])))
            #expect(names == "root:alice")
            let granted = try #require(recorder.granted.withLock { $0 })
            #expect(granted.publicKey == server.publicKey)
            #expect(server.names(of: granted) == ["root:alice:delegate"])
            #expect(recorder.peer.withLock { $0 }.hasPrefix("127.0.0.1:"))

            // Without a grant the context has none.
            _ = try await client(alice, address).get()
            #expect(recorder.granted.withLock { $0 } == nil)
        }
    }

    @Test func blessingsNotBoundToTheTLSKeyAreRejected() async throws {
        let deployment = try Deployment()
        let server = try deployment.member("fortune")
        let alice = try deployment.member("alice")
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())], security: .tls(server),
                             authorizer: .permissions(Deployment.permissions)) { _, address in
            // Mallory's TLS key, alice's blessings (copied from another connection).
            let raw = try await RawConnection.connect(to: address, tls: Principal())
            try await raw.send(clientHello)
            try await raw.send(.auth(Wire.Auth(blessings: alice.blessingStore.defaultBlessings.wire)))
            #expect(await raw.waitForClose())
            let goAway = try raw.frames().compactMap { frame -> Wire.GoAway? in
                if case .goAway(let goAway) = frame { return goAway }
                return nil
            }.first
            #expect(goAway?.error?.id == StandardErrors.badProtocolID)
            #expect(goAway?.error?.message.contains("not to the key of its TLS certificate") == true)
        }
    }

    @Test func aRequestBeforeAuthIsAProtocolError() async throws {
        let server = try Deployment().member("fortune")
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())], security: .tls(server)) { _, address in
            let raw = try await RawConnection.connect(to: address, tls: Principal())
            try await raw.send(clientHello)
            try await raw.send(.request(Wire.Request(callID: 1, method: "examples/fortune.Fortune/Get", endOfStream: true)))
            #expect(await raw.waitForClose())
            #expect(try raw.frames().contains { frame in
                if case .goAway(let goAway) = frame { return goAway.error?.message.contains("expected Auth") == true }
                return false
            })
        }
    }

    @Test func aTLSClientThatSendsNoAuthIsClosed() async throws {
        var configuration = RPCServerConfiguration()
        configuration.transport.handshakeTimeout = .seconds(2)
        let server = try Deployment().member("fortune")
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())], configuration: configuration, security: .tls(server)) { _, address in
            let raw = try await RawConnection.connect(to: address, tls: Principal())
            // On a loaded machine the 2 s may pass before the Hello is out: the GoAway comes anyway.
            try? await raw.send(clientHello)
            #expect(await raw.waitForClose())
            #expect(try raw.frames().contains { frame in
                if case .goAway(let goAway) = frame { return goAway.error?.message.contains("no Auth") == true }
                return false
            })
        }
    }

    @Test func plaintextAndTLSDoNotMix() async throws {
        let server = try Deployment().member("fortune")
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())], security: .tls(server)) { _, address in
            var configuration = RPCClientConfiguration()
            configuration.maxAttempts = 1
            let plain = Fortune.Fortune.Client(transport: RPCClient(target: address, security: .plaintext, configuration: configuration))
            let error = await vdlError { _ = try await plain.get() }
            #expect(error?.id == StandardErrors.badProtocolID)
            #expect(error?.message.contains("the peer speaks TLS and this side is plaintext") == true)
        }
        // A TLS client at a plaintext server fails at once, saying why, and does not retry.
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())]) { _, address in
            let start = ContinuousClock.now
            let error = await vdlError { _ = try await client(server, address).get() }
            #expect(error?.id == StandardErrors.unavailableID)
            #expect(error?.retryAction == .noRetry)
            #expect(error?.message.contains("the TLS handshake with the server failed") == true)
            #expect(ContinuousClock.now - start < .seconds(5))
        }
        // A plaintext server with the default authorizer refuses everyone, and says why.
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())], authorizer: .default) { _, address in
            let plain = Fortune.Fortune.Client(transport: RPCClient(target: address, security: .plaintext))
            let refused = await vdlError { _ = try await plain.has(fortune: "x") }
            #expect(refused?.id == StandardErrors.noAccessID)
            #expect(refused?.message.contains("plaintext") == true)
        }
    }

    @Test func endpointsNameTheServersBlessings() throws {
        let pinned = try Endpoint(parsing: "/(root:fortune)@127.0.0.1:8080")
        #expect(pinned.address == .tcp(host: "127.0.0.1", port: 8080))
        #expect(pinned.serverBlessings == "root:fortune")
        #expect(pinned.description == "/(root:fortune)@127.0.0.1:8080")
        #expect(try Endpoint(parsing: "/unix:/tmp/s.sock") == Endpoint(address: .unix(path: "/tmp/s.sock")))
        #expect(try Endpoint(parsing: "[::1]:9").serverBlessings == nil)
        #expect { try Endpoint(parsing: "/(root:fortune)127.0.0.1:8080") } throws: { "\($0)".contains("/(pattern)@address") }
        #expect { try Endpoint(parsing: "/(a::b)@127.0.0.1:1") } throws: { "\($0)".contains("not a valid blessing pattern") }
    }

    @Test func streamsRunOverTLSAndAreAuthorizedByTheirTags() async throws {
        let deployment = try Deployment()
        let server = try deployment.member("store")
        try await withServer(services: [Features.Store.registration(TestStore())], security: .tls(server),
                             authorizer: .permissions(Deployment.permissions)) { _, address in
            func store(_ principal: Principal) -> Features.Store.Client {
                Features.Store.Client(transport: RPCClient(target: address, security: .tls(principal)))
            }
            let replies = Mutex<[String]>([])
            try await store(try deployment.member("alice")).chat { stream in
                var iterator = stream.incoming.makeAsyncIterator()
                for word in ["one", "two"] {
                    try await stream.send(word)
                    if let reply = try await iterator.next() { replies.withLock { $0.append(reply) } }
                }
                try await stream.closeSend()
            }
            #expect(replies.withLock { $0 } == ["ONE", "TWO"])
            // bob may Read (Watch) but not Write (Chat): the stream is refused before it starts.
            let bob = store(try deployment.member("bob"))
            let shapes = Mutex(0)
            try await bob.watch(prefix: "w:2") { stream in
                for try await _ in stream.incoming { shapes.withLock { $0 += 1 } }
            }
            #expect(shapes.withLock { $0 } == 2)
            let refused = await vdlError { try await bob.chat { stream in try await stream.closeSend() } }
            #expect(refused?.id == StandardErrors.noAccessID)
        }
    }
}

import Synchronization
import Testing
import VDLRPC
import VDLTransport
import VDLWire

/// The generated stubs over real sockets: every call kind on TCP and on a Unix socket.
@Suite(.timeLimit(.minutes(1)))
struct CallKindTests {
    static let addresses: [ServerAddress] = [.tcp(host: "127.0.0.1", port: 0), unixSocketAddress()]

    @Test(arguments: addresses)
    func everyCallKind(address: ServerAddress) async throws {
        let store = TestStore()
        let fortunes = TestFortunes()
        try await withServer(services: [Features.Store.registration(store), Fortune.Fortune.registration(fortunes)], at: address) { (_, bound) async throws in
            let transport = RPCClient(target: bound, security: .plaintext)
            defer { Task { await transport.close() } }
            let client = Features.Store.Client(transport: transport, object: "objects/1")

            // Unary, with metadata and an object name.
            #expect(try await client.ping(message: "hi", options: CallOptions(metadata: ["who": "test"])) == "pong: hi (test)")
            let (value, found) = try await client.lookup(key: "k")
            #expect(found && value.s == "k" && value.pinned == "objects/1")

            // Client streaming.
            let sum = try await client.upload { stream in
                for x in 1...100 { try await stream.send(Features.Point(x: Int32(x))) }
                try await stream.closeSend()
            }
            #expect(sum == 5050)

            // Server streaming.
            let shapes = Mutex<[Features.Shape]>([])
            try await client.watch(prefix: "w:3") { stream in
                for try await shape in stream.incoming { shapes.withLock { $0.append(shape) } }
            }
            #expect(shapes.withLock { $0 } == [.label("w:3-0"), .label("w:3-1"), .label("w:3-2")])

            // Bidirectional, in lockstep.
            let replies = Mutex<[String]>([])
            try await client.chat { stream in
                var iterator = stream.incoming.makeAsyncIterator()
                for word in ["one", "two", "three"] {
                    try await stream.send(word)
                    if let reply = try await iterator.next() { replies.withLock { $0.append(reply) } }
                }
                try await stream.closeSend()
            }
            #expect(replies.withLock { $0 } == ["ONE", "TWO", "THREE"])

            // A second service on the same server and connection, with a typed error.
            let fortune = Fortune.Fortune.Client(transport: transport)
            let error = await vdlError { _ = try await fortune.get() }
            #expect(error?.id == Fortune.NoFortunes.id)
            try await fortune.add(fortune: "f")
            #expect(try await fortune.get() == "f")
        }
    }

    @Test func manyConcurrentCallsShareOneConnection() async throws {
        try await withServer(services: [Features.Store.registration(TestStore())]) { (_, address) async throws in
            let client = Features.Store.Client(transport: RPCClient(target: address, security: .plaintext))
            try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<200 { group.addTask { try await client.ping(message: "\(i)") } }
                var count = 0
                for try await reply in group {
                    #expect(reply.hasPrefix("pong: "))
                    count += 1
                }
                #expect(count == 200)
            }
        }
    }

    @Test func unknownMethodFailsOnlyThatCall() async throws {
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())]) { (_, address) async throws in
            let transport = RPCClient(target: address, security: .plaintext)
            let error = await vdlError { _ = try await Features.Store.Client(transport: transport).ping(message: "x") }
            #expect(error?.id == StandardErrors.unknownMethodID)
            #expect(error?.message.contains("testing/features.Base/Ping") == true)
            #expect(try await Fortune.Fortune.Client(transport: transport).has(fortune: "x") == false)
        }
    }
}

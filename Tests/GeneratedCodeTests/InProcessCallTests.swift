import Synchronization
import Testing
import VDLRPC
import VDLWire

/// A fortune store for the tests.
final class FortuneStore: Fortune.Fortune.Service {
    private let fortunes = Mutex<[String]>([])

    func add(fortune: String, context: ServerCallContext) async throws {
        fortunes.withLock { $0.append(fortune) }
    }

    func get(context: ServerCallContext) async throws -> String {
        guard let fortune = fortunes.withLock({ $0.randomElement() }) else { throw Fortune.NoFortunes() }
        return fortune
    }

    func has(fortune: String, context: ServerCallContext) async throws -> Bool {
        fortunes.withLock { $0.contains(fortune) }
    }
}

/// Implements every method shape of `testing/features.Store`.
final class FeatureStore: Features.Store.Service {
    let values = Mutex<[String: Features.Everything]>([:])
    let watchSent = Atomic<Int>(0)

    func ping(message: String, context: ServerCallContext) async throws -> String { "pong: \(message)" }

    func put(key: String, value: Features.Everything, context: ServerCallContext) async throws {
        values.withLock { $0[key] = value }
    }

    func lookup(key: String, context: ServerCallContext) async throws -> (value: Features.Everything, found: Bool) {
        guard let value = values.withLock({ $0[key] }) else {
            if key == "missing" { throw Features.NotFound(name: key, code: 404) }
            return (Features.Everything(), false)
        }
        return (value, true)
    }

    func upload(stream: ServerStream<Features.Point, NoStreamValue>, context: ServerCallContext) async throws -> Int32 {
        var count: Int32 = 0
        for try await point in stream.incoming where point.x >= 0 { count += 1 }
        return count
    }

    func watch(prefix: String, stream: ServerStream<NoStreamValue, Features.Shape>, context: ServerCallContext) async throws {
        let total = prefix == "many" ? 1000 : 3
        for i in 0..<total {
            try await stream.send(.label("\(prefix)\(i)"))
            watchSent.add(1, ordering: .relaxed)
        }
    }

    func chat(stream: ServerStream<String, String>, context: ServerCallContext) async throws {
        for try await line in stream.incoming {
            try await stream.send(line.uppercased())
        }
    }
}

struct InProcessCallTests {
    let fortunes = Fortune.Fortune.Client(transport: InProcessTransport([Fortune.Fortune.registration(FortuneStore())]))

    @Test func unaryCallsThroughTheGeneratedClient() async throws {
        #expect(try await fortunes.has(fortune: "a") == false)
        try await fortunes.add(fortune: "a")
        #expect(try await fortunes.has(fortune: "a"))
        #expect(try await fortunes.get() == "a")
    }

    @Test func typedErrorsArriveWithTheirID() async throws {
        do {
            _ = try await fortunes.get()
            Issue.record("get on an empty store must fail")
        } catch let error as VDLError {
            #expect(error.id == Fortune.NoFortunes.id)
            #expect(error.retryAction == .retryRefetch)
            #expect(Fortune.NoFortunes(error) != nil)
            #expect(Fortune.NoFortunes.matches(error))
        }
    }

    @Test func multipleResultsAndParameterizedErrors() async throws {
        let store = FeatureStore()
        let client = Features.Store.Client(transport: InProcessTransport([Features.Store.registration(store)]))
        let value = try sampleEverything()
        try await client.put(key: "k", value: value)
        let (found, ok) = try await client.lookup(key: "k")
        #expect(ok)
        #expect(found == value)
        #expect(try await client.lookup(key: "absent").found == false)
        await #expect {
            try await client.lookup(key: "missing")
        } throws: { error in
            Features.NotFound((error as? VDLError) ?? VDLError())?.code == 404
        }
        #expect(try await client.ping(message: "hi") == "pong: hi")
    }

    @Test func clientStreamingServerStreamingAndBidirectional() async throws {
        let client = Features.Store.Client(transport: InProcessTransport([Features.Store.registration(FeatureStore())]))
        let count = try await client.upload { stream in
            for x in -2..<5 { try await stream.send(Features.Point(x: Int32(x), y: 0)) }
            try await stream.closeSend()
        }
        #expect(count == 5)

        let received = Mutex<[Features.Shape]>([])
        try await client.watch(prefix: "w") { stream in
            for try await shape in stream.incoming { received.withLock { $0.append(shape) } }
        }
        #expect(received.withLock { $0 } == [.label("w0"), .label("w1"), .label("w2")])

        let replies = Mutex<[String]>([])
        try await client.chat { stream in
            for word in ["a", "b", "c"] {
                try await stream.send(word)
                var iterator = stream.incoming.makeAsyncIterator()
                if let reply = try await iterator.next() { replies.withLock { $0.append(reply) } }
            }
            try await stream.closeSend()
        }
        #expect(replies.withLock { $0 } == ["A", "B", "C"])
    }

    @Test func aSlowReaderHoldsBackTheWriter() async throws {
        let store = FeatureStore()
        let transport = InProcessTransport([Features.Store.registration(store)], streamCapacity: 8)
        let client = Features.Store.Client(transport: transport)
        try await client.watch(prefix: "many") { stream in
            try await Task.sleep(for: .milliseconds(100))
            // The server could only get ahead by the queue's capacity (plus the item in hand).
            #expect(store.watchSent.load(ordering: .relaxed) <= 9)
            var total = 0
            for try await _ in stream.incoming { total += 1 }
            #expect(total == 1000)
        }
        #expect(store.watchSent.load(ordering: .relaxed) == 1000)
    }

    @Test func unknownMethodIsAStandardError() async throws {
        let transport = InProcessTransport([Fortune.Fortune.registration(FortuneStore())])
        let client = Features.Store.Client(transport: transport)
        await #expect {
            try await client.ping(message: "x")
        } throws: { error in
            (error as? VDLError)?.id == StandardErrors.unknownMethodID
        }
    }

    @Test func deadlinesBoundTheCall() async throws {
        struct Slow: Fortune.Fortune.Service {
            func add(fortune: String, context: ServerCallContext) async throws { try await Task.sleep(for: .seconds(60)) }
            func get(context: ServerCallContext) async throws -> String { "" }
            func has(fortune: String, context: ServerCallContext) async throws -> Bool { false }
        }
        let client = Fortune.Fortune.Client(transport: InProcessTransport([Fortune.Fortune.registration(Slow())]))
        let start = ContinuousClock.now
        await #expect {
            try await client.add(fortune: "x", options: CallOptions(timeout: .milliseconds(50)))
        } throws: { error in
            (error as? VDLError)?.id == StandardErrors.timeoutID
        }
        // Far below the method's 60 s: the deadline cut it (generous, for a loaded machine).
        #expect(ContinuousClock.now - start < .seconds(30))
    }
}

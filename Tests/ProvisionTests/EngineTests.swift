import Synchronization
import Foundation
import Logging
import Provision
import Testing
import VDLRPC
import VDLSecurity
import VDLWire

/// The node engine, its sources, cache and capacity, against a store in process.
@Suite(.timeLimit(.minutes(1)))
struct EngineTests {
    @Test func thePollCursorNeverSkipsOnErrors() async throws {
        let h = try EngineHarness()
        defer { h.cleanUp() }
        let (engine, cache) = try h.engine()
        let first = try await h.reserve(h.volume())
        let second = try await h.reserve(h.volume())
        // Polls fail at first; then results cannot be delivered for a while.
        h.transport.fail("Poll", times: 3)
        h.transport.fail("Feedback", times: 8)
        let cursor = PollCursor(path: h.directory + "/node/cursor.pb")
        var source = PollSource(nodeID: h.nodeID, store: h.client, cursor: cursor)
        source.initialBackoff = .milliseconds(10)
        source.maxBackoff = .milliseconds(50)
        source.pollTimeout = .seconds(2)
        let running = Task { try await engine.run(source) }
        defer { running.cancel() }
        #expect(try await h.eventually { h.transport.count("Feedback") >= 4 })
        // While results are undelivered, the cursor stays where it was.
        #expect(try cursor.load() == 0)
        #expect(try await h.eventually {
            let a = try await h.client.get(id: first.id).result, b = try await h.client.get(id: second.id).result
            return a?.state == .ok && b?.state == .ok
        })
        #expect(try await h.eventually { (try? cursor.load()) == 2 })
        #expect(h.transport.count("Poll") >= 4)
        #expect(cache.all.map(\.reservation.id) == [first.id, second.id])
        // Both volumes exist once; the retries re-sent the cached results.
        for id in [first.id, second.id] {
            #expect(FileManager.default.fileExists(atPath: h.directory + "/node/data/volumes/" + id))
        }
    }

    @Test func aBatchIsAppliedInDependencyOrder() async throws {
        let h = try EngineHarness()
        defer { h.cleanUp() }
        let (engine, _) = try h.engine()
        let container = try await h.reserve(.container(Provision.Container(entrypoint: "x", capacity: Provision.ContainerCapacity(cpu: 1, memory: 1))))
        let zdb = try await h.reserve(.zdb(Provision.Zdb(size: 1)))
        let network = try await h.reserve(.network(Provision.Network(name: "n")))
        let debug = try await h.reserve(.debug(Provision.Debug(host: "h", port: 1)))
        try await engine.apply([container, zdb, debug, network])
        #expect(h.recorder.calls == ["provision network \(network.id)", "provision zdb \(zdb.id)",
                                     "provision container \(container.id)", "provision debug \(debug.id)"])
        // Removal goes the other way: compute before storage before networks.
        var deletes: [Provision.Reservation] = []
        for r in [network, zdb, container] {
            var marked = r
            marked.toDelete = true
            marked.deleteSignature = try await r.deleteSignature(by: h.user)
            deletes.append(marked)
        }
        try await engine.apply(deletes)
        #expect(h.recorder.calls.suffix(3) == ["decommission container \(container.id)", "decommission zdb \(zdb.id)",
                                               "decommission network \(network.id)"])
    }

    @Test func anAppliedReservationIsNotAppliedAgainEvenAfterARestart() async throws {
        let h = try EngineHarness()
        defer { h.cleanUp() }
        let network = try await h.reserve(.network(Provision.Network(name: "n")))
        let outcomes: [ProvisionEngine.Outcome]
        do {
            let (engine, _) = try h.engine()
            outcomes = try await engine.apply([network, network])
        }
        #expect(h.recorder.calls == ["provision network \(network.id)"])
        let (restarted, cache) = try h.engine()
        #expect(cache.entry(network.id) != nil)
        let again = try await restarted.apply([network])
        #expect(h.recorder.calls.count == 1)
        #expect(again == outcomes)  // the cached, signed result, sent again
    }

    @Test func failuresAreReportedAndNotCached() async throws {
        let h = try EngineHarness()
        defer { h.cleanUp() }
        let (engine, cache) = try h.engine()
        let network = try await h.reserve(.network(Provision.Network(name: "n")))
        h.recorder.failProvision.withLock { $0 = true }
        try await engine.apply([network])
        let record = try await h.client.get(id: network.id)
        #expect(record.result?.state == .error)
        #expect(record.result?.error == "injected provisioning failure")
        try record.result?.verify(nodeID: h.nodeID)
        #expect(cache.entry(network.id) == nil)
        // A later attempt provisions it.
        h.recorder.failProvision.withLock { $0 = false }
        try await engine.apply([network])
        #expect(try await h.client.get(id: network.id).result?.state == .ok)
        #expect(cache.entry(network.id) != nil)
    }

    @Test func theNodeRefusesATamperedReservation() async throws {
        let h = try EngineHarness()
        defer { h.cleanUp() }
        let (engine, cache) = try h.engine()
        let volume = try await h.reserve(h.volume(1))
        var tampered = volume
        tampered.data = h.volume(90)
        let outcomes = try await engine.apply([tampered])
        guard case .result(let result)? = outcomes.first else { Issue.record("no outcome"); return }
        #expect(result.state == .error)
        #expect(result.error.contains("refused") && result.error.contains("signature"))
        #expect(cache.all.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: h.directory + "/node/data/volumes/" + volume.id))
        // Nor can anyone but the owner turn a reservation into a deletion.
        try await engine.apply([volume])
        var forged = volume
        forged.toDelete = true
        forged.deleteSignature = try Principal().sign(try volume.signedBytes(toDelete: true))
        try await engine.apply([forged])
        #expect(cache.entry(volume.id) != nil)
        #expect(try await h.client.get(id: volume.id).result?.error.contains("delete signature") == true)
    }

    @Test func decommissioningWhatIsNotThereIsSuccess() async throws {
        let h = try EngineHarness()
        defer { h.cleanUp() }
        let (engine, cache) = try h.engine()
        let never = try await h.reserve(h.volume())
        let gone = try await h.reserve(h.volume())
        try await engine.apply([gone])
        try FileManager.default.removeItem(atPath: h.directory + "/node/data/volumes/" + gone.id)
        // An attempt at `never` was cut short before it was cached, leaving its directory.
        let leftover = h.directory + "/node/data/volumes/" + never.id
        try FileManager.default.createDirectory(atPath: leftover, withIntermediateDirectories: true)
        var deletes: [Provision.Reservation] = []
        for r in [never, gone] {
            try await h.client.delete(id: r.id, signature: try await r.deleteSignature(by: h.user))
            deletes.append(try await h.client.get(id: r.id).reservation)
        }
        let outcomes = try await engine.apply(deletes)
        #expect(outcomes == [.deleted(never.id), .deleted(gone.id)])
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(try await h.client.get(id: never.id).deleted)
        #expect(try await h.client.get(id: gone.id).deleted)
        #expect(cache.all.isEmpty)
    }

    @Test func failingDecommissionsAreBoundedAndVisible() async throws {
        let h = try EngineHarness()
        defer { h.cleanUp() }
        let clock = Clock(Fixtures.now())
        let (engine, cache) = try h.engine { $0.decommissionAttempts = 2; $0.maxDecommissionRounds = 2; $0.now = { clock.now } }
        let network = try await h.reserve(.network(Provision.Network(name: "n")), duration: 1000)
        clock.set(network.created)
        try await engine.apply([network])
        #expect(cache.entry(network.id) != nil)
        h.recorder.failDecommission.withLock { $0 = true }
        clock.set(network.expiresAt)
        let source = DecommissionSource(cache: cache, maxRounds: 2, now: { clock.now })
        #expect(source.expired().map(\.id) == [network.id])
        for round in 1...2 {
            let outcomes = try await engine.apply(source.expired())
            guard case .result(let result)? = outcomes.first else { Issue.record("round \(round): no outcome"); return }
            #expect(result.state == .error)
            #expect(result.error.contains("decommission failed (round \(round) of 2)"))
            #expect(result.error.contains("injected decommission failure"))
        }
        #expect(h.recorder.calls.filter { $0.hasPrefix("decommission") }.count == 4)
        // Given up: no longer handed over, nor retried when the store signals it again.
        #expect(source.expired().isEmpty)
        #expect(try await engine.apply([network]).isEmpty)
        #expect(h.recorder.calls.filter { $0.hasPrefix("decommission") }.count == 4)
        #expect(cache.entry(network.id)?.decommissionAttempts == 2)
        #expect(try await h.client.get(id: network.id).result?.state == .error)
    }

    @Test func overcommitIsRefusedWithAnErrorResult() async throws {
        let h = try EngineHarness()
        defer { h.cleanUp() }
        let (engine, cache) = try h.engine(total: Provision.ResourceUnits(cru: 2, mru: 1024, sru: 10, hru: 0))
        let big = try await h.reserve(h.volume(8))
        let more = try await h.reserve(h.volume(5))
        let hdd = try await h.reserve(.volume(Provision.Volume(size: 1, type: .hdd)))
        try await engine.apply([big, more, hdd])
        #expect(try await h.client.get(id: big.id).result?.state == .ok)
        let refused = try await h.client.get(id: more.id).result
        #expect(refused?.state == .error)
        #expect(refused?.error.contains("would overcommit the node: SRU 5 GiB requested, 2 of 10 free") == true)
        #expect(try await h.client.get(id: hdd.id).result?.error.contains("HRU 1 GiB requested, 0 of 0 free") == true)
        #expect(cache.all.map(\.reservation.id) == [big.id])
        // The store holds the node's report.
        let (_, reserved) = try await h.client.list(nodeID: h.nodeID)
        #expect(reserved.units.sru == 8 && reserved.total.sru == 10)
        #expect(reserved.workloads[.volume] == 1)
    }

    @Test func aCorruptCacheFileIsReportedAndSkipped() async throws {
        let h = try EngineHarness()
        defer { h.cleanUp() }
        let volume = try await h.reserve(h.volume(3))
        do {
            let (engine, _) = try h.engine()
            try await engine.apply([volume])
        }
        try Data([0x0a, 0xff, 0x01]).write(to: URL(fileURLWithPath: h.directory + "/node/cache/7-1.pb"))
        try Data("junk".utf8).write(to: URL(fileURLWithPath: h.directory + "/node/cache/8-1.pb"))
        let (engine, cache) = try h.engine()
        #expect(cache.corruptFiles.map { ($0.path as NSString).lastPathComponent } == ["7-1.pb", "8-1.pb"])
        #expect(cache.all.map(\.reservation.id) == [volume.id])
        // Capacity is rebuilt from the cache at start and reported.
        await engine.start()
        let (_, reserved) = try await h.client.list(nodeID: h.nodeID)
        #expect(reserved.units.sru == 3)
    }
}

/// A settable clock for the engine.
final class Clock: Sendable {
    private let value: Mutex<Int64>
    init(_ now: Int64) { value = Mutex(now) }
    var now: Int64 { value.withLock { $0 } }
    func set(_ now: Int64) { value.withLock { $0 = now } }
}

import Foundation
import ProcessTestSupport
import Provision
import Testing
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// reservation-stored + provisiond + the provision CLI as real processes on 127.0.0.1.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct EndToEndTests {
    let directory = Fixtures.temporaryDirectory()
    var storeCredentials: String { directory + "/store-credentials" }
    var nodeCredentials: String { directory + "/node-credentials" }
    var userCredentials: String { directory + "/user-credentials" }

    /// Creates the three principals with `provision keys create`; returns the node ID.
    func createKeys() async throws -> String {
        for (dir, name) in [(storeCredentials, "store"), (userCredentials, "alice")] {
            let created = try await TestProcess.run("provision", ["keys", "create", dir, "--name", name])
            #expect(created.status == 0, "\(created.err)")
        }
        let node = try await TestProcess.run("provision", ["keys", "create", nodeCredentials, "--name", "node", "--json"])
        #expect(node.status == 0, "\(node.err)")
        // The node insists on the store's blessings (--store /(store)@ADDR), so it recognizes its key.
        let recognized = try await TestProcess.run("principal", ["recognize", storeCredentials, "store", "--credentials", nodeCredentials])
        #expect(recognized.status == 0, "\(recognized.err)")
        let json = try JSONSerialization.jsonObject(with: Data(node.out.utf8)) as? [String: Any]
        return try #require(json?["publicKey"] as? String)
    }

    func startStore(port: String = "0") async throws -> Daemon {
        let store = try await TestProcess.start("reservation-stored", [
            "--address", "127.0.0.1:\(port)", "--root", directory + "/store", "--credentials", storeCredentials,
            "--max-poll-wait", "2", "--redeliver-after", "2", "--log-level", "info"], stderr: directory + "/store.log")
        #expect(store.lines.first?.hasPrefix("Listening on 127.0.0.1:") == true, "\(store.lines)")
        return store
    }

    func startNode(_ store: String, mru: Int = 4096) async throws -> Daemon {
        let node = try await TestProcess.start("provisiond", [
            "--store", "/(store)@\(store)", "--root", directory + "/node", "--credentials", nodeCredentials,
            "--decommission-interval", "0.5", "--mru", "\(mru)", "--sru", "50", "--log-level", "info"],
            until: "Node ", stderr: directory + "/node-\(UInt32.random(in: 0...UInt32.max)).log")
        return node
    }

    func cli(_ store: String, _ arguments: [String]) async throws -> TestProcess.Output {
        try await TestProcess.run("provision", arguments + ["--store", store, "--credentials", userCredentials])
    }

    /// `provision get --json ID`.
    func get(_ store: String, _ id: String) async throws -> [String: Any] {
        let got = try await cli(store, ["get", id, "--json"])
        guard got.status == 0, let json = try JSONSerialization.jsonObject(with: Data(got.out.utf8)) as? [String: Any] else {
            Issue.record("provision get \(id): \(got.err)")
            return [:]
        }
        return json
    }

    func reserve(_ store: String, _ arguments: [String]) async throws -> String {
        let reserved = try await cli(store, ["reserve"] + arguments)
        #expect(reserved.status == 0, "\(reserved.err)")
        return reserved.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits (bounded) until `condition` holds on the record.
    func waitFor(_ store: String, _ id: String, timeout: Duration = .seconds(30),
                 _ condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var record = try await get(store, id)
        while !condition(record) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            record = try await get(store, id)
        }
        return record
    }

    static func resultState(_ record: [String: Any]) -> String? { (record["result"] as? [String: Any])?["state"] as? String }
    static func verified(_ record: [String: Any]) -> Bool { (record["result"] as? [String: Any])?["verified"] as? Bool == true }

    func nodeLogs() -> String {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix("node-") }
            .compactMap { try? String(contentsOfFile: directory + "/" + $0, encoding: .utf8) }.joined(separator: "\n")
    }

    @Test func volumesAndContainersAreAppliedSignedDeletedAndExpired() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let nodeID = try await createKeys()
        let store = try await startStore()
        defer { kill(store.pid, SIGTERM) }
        let address = store.address
        let node = try await startNode(address)
        defer { node.kill9() }

        let volume = try await reserve(address, ["--node", nodeID, "--type", "volume", "--size", "2", "--duration", "1h"])
        #expect(volume == "1-1")
        let applied = try await waitFor(address, volume) { Self.resultState($0) != nil }
        #expect(Self.resultState(applied) == "ok", "\(applied) \(nodeLogs())")
        #expect(Self.verified(applied))
        let volumePath = directory + "/node/data/volumes/" + volume
        #expect(FileManager.default.fileExists(atPath: volumePath))

        // A container that writes its environment into the mounted volume, then keeps running.
        let container = try await reserve(address, [
            "--node", nodeID, "--type", "container", "--entrypoint", "sh -c 'echo $GREETING-$TOKEN > data/hello; exec sleep 60'",
            "--env", "GREETING=hi", "--secret-env", "TOKEN=s3cret", "--mount", "\(volume):/data", "--cpu", "1", "--memory", "512"])
        let running = try await waitFor(address, container) { Self.resultState($0) != nil }
        #expect(Self.resultState(running) == "ok", "\(running) \(nodeLogs())")
        #expect(Self.verified(running))
        let pid = try #require(((running["result"] as? [String: Any])?["container"] as? [String: Any])?["pid"] as? Int)
        #expect(kill(pid_t(pid), 0) == 0)
        let deadline = ContinuousClock.now + .seconds(10)
        while !FileManager.default.fileExists(atPath: volumePath + "/hello"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect((try? String(contentsOfFile: volumePath + "/hello", encoding: .utf8)) == "hi-s3cret\n")

        // Human output names the state and the verification.
        let human = try await cli(address, ["get", container])
        #expect(human.out.contains("state: ok") && human.out.contains("result: ok (signed by the node)"), "\(human.out)")

        // A tampered reservation is refused by the store, with no trace.
        let user = try Principal.load(from: userCredentials)
        let transport = RPCClient(target: try ServerAddress(parsing: address), security: .tls(user))
        let client = Provision.ReservationStore.Client(transport: transport)
        let id = try #require(try await client.allocate(workloads: 1).first)
        var tampered = try await Fixtures.volume(id: id, node: try Principal.load(from: nodeCredentials), user: user, size: 1)
        tampered.data = .volume(Provision.Volume(size: 40, type: .ssd))
        await #expect { _ = try await client.reserve(reservation: tampered) } throws: { Provision.BadSignature.matches($0) }
        await #expect { _ = try await client.get(id: id) } throws: { Provision.NotFound.matches($0) }
        await transport.close()

        // Overcommit: more memory than the node declares.
        let greedy = try await reserve(address, ["--node", nodeID, "--type", "container", "--entrypoint", "sleep 1", "--memory", "100000"])
        let refused = try await waitFor(address, greedy) { Self.resultState($0) != nil }
        #expect(Self.resultState(refused) == "error")
        #expect(((refused["result"] as? [String: Any])?["error"] as? String)?.contains("overcommit") == true)

        // Unsupported types answer with a clear error.
        let zdb = try await reserve(address, ["--node", nodeID, "--type", "zdb", "--size", "1"])
        let unsupported = try await waitFor(address, zdb) { Self.resultState($0) != nil }
        #expect(((unsupported["result"] as? [String: Any])?["error"] as? String) == "zdb workloads are not supported on this node")

        // Delete: the container stops, the node confirms.
        let deleted = try await cli(address, ["delete", container])
        #expect(deleted.status == 0, "\(deleted.err)")
        let gone = try await waitFor(address, container) { $0["deleted"] as? Bool == true }
        #expect(gone["state"] as? String == "deleted")
        #expect(try await waitForExit(pid_t(pid)))
        #expect(!FileManager.default.fileExists(atPath: directory + "/node/data/containers/" + container))
        // Only the owner may delete.
        let strangerDir = directory + "/mallory"
        _ = try await TestProcess.run("provision", ["keys", "create", strangerDir])
        let stranger = try await TestProcess.run("provision", ["delete", volume, "--store", address, "--credentials", strangerDir])
        #expect(stranger.status != 0)
        #expect(stranger.err.contains("belongs to another user"))

        // Expiry: a short reservation is decommissioned and confirmed.
        let short = try await reserve(address, ["--node", nodeID, "--type", "volume", "--size", "1", "--duration", "2s"])
        let shortPath = directory + "/node/data/volumes/" + short
        let shortApplied = try await waitFor(address, short) { Self.resultState($0) != nil }
        #expect(Self.resultState(shortApplied) == "ok")
        let expired = try await waitFor(address, short) { $0["deleted"] as? Bool == true }
        #expect(expired["deleted"] as? Bool == true, "\(expired)")
        #expect(!FileManager.default.fileExists(atPath: shortPath))

        // list shows them all and the node's report.
        let listed = try await cli(address, ["list", "--node", nodeID])
        #expect(listed.status == 0)
        #expect(listed.out.contains("\(volume)  volume  ok"))
        #expect(listed.out.contains("\(container)  container  deleted"))
        #expect(listed.out.contains("reserved: cru 0/4 mru 0/4096 MiB sru 2/50 GiB"), "\(listed.out)")
        let bad = try await cli(address, ["reserve", "--node", nodeID, "--type", "volume", "--size", "1", "--duration", "soon"])
        #expect(bad.status == 2 && bad.err.contains("duration \"soon\""))
    }

    @Test func restartsNeitherReapplyNorSkipNorLose() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let nodeID = try await createKeys()
        var store = try await startStore()
        let address = store.address
        let port = String(address.split(separator: ":").last ?? "0")
        var node = try await startNode(address)

        let container = try await reserve(address, ["--node", nodeID, "--type", "container", "--entrypoint", "sleep 120", "--memory", "64"])
        let first = try await waitFor(address, container) { Self.resultState($0) != nil }
        #expect(Self.resultState(first) == "ok", "\(first) \(nodeLogs())")
        let firstResult = try #require(first["result"] as? [String: Any])
        let pid = try #require((firstResult["container"] as? [String: Any])?["pid"] as? Int)
        defer { kill(pid_t(pid), SIGKILL) }

        // provisiond dies mid-stream; reservations keep arriving.
        _ = try await node.stop(SIGKILL)
        let whileDown = try await (1...3).asyncMap { _ in try await reserve(address, ["--node", nodeID, "--type", "volume", "--size", "1"]) }
        // The store restarts too, on the same port and root.
        _ = try await store.stop()
        store = try await startStore(port: port)
        defer { kill(store.pid, SIGTERM) }
        node = try await startNode(address)
        defer { node.kill9() }

        for id in whileDown {
            let record = try await waitFor(address, id) { Self.resultState($0) != nil }
            #expect(Self.resultState(record) == "ok", "\(id): \(record) \(nodeLogs())")
            #expect(Self.verified(record))
        }
        // The container was adopted, not started again: same result, same process.
        let after = try await get(address, container)
        let afterResult = try #require(after["result"] as? [String: Any])
        #expect(afterResult["created"] as? Int == firstResult["created"] as? Int)
        #expect(kill(pid_t(pid), 0) == 0)
        #expect(nodeLogs().contains("adopting a running container"))
        #expect(!nodeLogs().contains("container restarted"))
        #expect(try (FileManager.default.contentsOfDirectory(atPath: directory + "/node/data/containers")).count == 1)

        // The store restarts under a running provisiond: the node reconnects and carries on.
        _ = try await store.stop()
        store = try await startStore(port: port)
        let afterStoreRestart = try await reserve(address, ["--node", nodeID, "--type", "volume", "--size", "1"])
        let resumed = try await waitFor(address, afterStoreRestart) { Self.resultState($0) != nil }
        #expect(Self.resultState(resumed) == "ok", "\(resumed) \(nodeLogs())")

        // A tampered reservation, altered in the store's files behind its back, is refused by the node.
        let victim = try await reserve(address, ["--node", nodeID, "--type", "volume", "--size", "1"])
        _ = try await waitFor(address, victim) { Self.resultState($0) != nil }
        _ = try await node.stop(SIGKILL)
        let sneaky = try await reserve(address, ["--node", nodeID, "--type", "volume", "--size", "1"])
        _ = try await store.stop()
        let file = directory + "/store/reservations/\(sneaky).pb"
        var record = try Provision.Record(serializedBytes: Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        record.reservation.data = .volume(Provision.Volume(size: 30, type: .ssd))
        try Data(try record.serializedBytes()).write(to: URL(fileURLWithPath: file))
        store = try await startStore(port: port)
        node = try await startNode(address)
        let refused = try await waitFor(address, sneaky) { Self.resultState($0) != nil }
        #expect(Self.resultState(refused) == "error")
        #expect(((refused["result"] as? [String: Any])?["error"] as? String)?.contains("refused") == true, "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/node/data/volumes/" + sneaky))

        // Clean up the container through the system itself.
        #expect(try await cli(address, ["delete", container]).status == 0)
        _ = try await waitFor(address, container) { $0["deleted"] as? Bool == true }
        #expect(try await waitForExit(pid_t(pid)))
        // Both daemons stop cleanly on SIGTERM.
        #expect(try await node.stop() == 0)
        #expect(try await store.stop() == 0)
    }

    func waitForExit(_ pid: pid_t) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(15)
        while kill(pid, 0) == 0, ContinuousClock.now < deadline {
            // The process may be a zombie of the daemon until reaped.
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
               let close = stat.lastIndex(of: ")"), stat[stat.index(after: close)...].hasPrefix(" Z") { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return kill(pid, 0) != 0
    }
}

extension Sequence {
    /// `map` with an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}

import Foundation
import Provision
import Testing
import VDLRPC
import VDLSecurity
import VDLWire

/// The store through its generated client, in process.
@Suite(.timeLimit(.minutes(1)))
struct StoreTests {
    let user = Principal()
    let node = Principal()
    var nodeID: String { NodeIdentity.nodeID(of: node.publicKey) }

    static func open(_ directory: String, configure: (inout ReservationStoreConfiguration) -> Void = { _ in })
        throws -> (ReservationStoreService, Provision.ReservationStore.Client) {
        var configuration = ReservationStoreConfiguration()
        configuration.maxPollWait = .seconds(2)
        configure(&configuration)
        let service = try ReservationStoreService(directory: directory, configuration: configuration, logger: Fixtures.logger("store"))
        let client = Provision.ReservationStore.Client(transport: InProcessTransport([Provision.ReservationStore.registration(service)]))
        return (service, client)
    }

    func reserveVolume(_ client: Provision.ReservationStore.Client, size: UInt64 = 1, duration: Int64 = 3_600_000) async throws -> Provision.Reservation {
        let id = try #require(try await client.allocate(workloads: 1).first)
        let reservation = try await Fixtures.volume(id: id, node: node, user: user, size: size, duration: duration)
        #expect(try await client.reserve(reservation: reservation) == id)
        return reservation
    }

    @Test func reservationNumbersAreSequentialAndEachIDIsUsedOnce() async throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (_, client) = try Self.open(directory)
        #expect(try await client.allocate(workloads: 2) == ["1-1", "1-2"])
        #expect(try await client.allocate(workloads: 1) == ["2-1"])
        let reservation = try await Fixtures.volume(id: "1-2", node: node, user: user)
        #expect(try await client.reserve(reservation: reservation) == "1-2")
        await #expect { try await client.reserve(reservation: reservation) } throws: { "\($0)".contains("ID 1-2 is already used") }
        let unallocated = try await Fixtures.volume(id: "9-1", node: node, user: user)
        await #expect { try await client.reserve(reservation: unallocated) } throws: { "\($0)".contains("was not allocated") }
        await #expect { try await client.allocate(workloads: 0) } throws: { "\($0)".contains("workloads must be 1 to 100") }
        let record = try await client.get(id: "1-2")
        #expect(record.reservation == reservation)
        #expect(record.result == nil)
        await #expect { try await client.get(id: "1-1") } throws: { Provision.NotFound.matches($0) }
    }

    @Test func theStoreRefusesTamperedAndMalformedReservations() async throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (_, client) = try Self.open(directory)
        let ids = try await client.allocate(workloads: 4)
        var tampered = try await Fixtures.volume(id: ids[0], node: node, user: user, size: 1)
        tampered.data = .volume(Provision.Volume(size: 500, type: .ssd))
        await #expect { try await client.reserve(reservation: tampered) } throws: { Provision.BadSignature.matches($0) }
        var stale = try await Fixtures.volume(id: ids[1], node: node, user: user, created: Fixtures.now() - 3_600_000)
        try await stale.sign(with: user)
        await #expect { try await client.reserve(reservation: stale) } throws: { "\($0)".contains("from the store's clock") }
        var marked = try await Fixtures.volume(id: ids[2], node: node, user: user)
        marked.toDelete = true
        marked.deleteSignature = try await marked.deleteSignature(by: user)
        await #expect { try await client.reserve(reservation: marked) } throws: { "\($0)".contains("cannot be marked ToDelete") }
        var mismatched = try await Fixtures.volume(id: ids[3], node: node, user: user)
        mismatched.type = .container
        try await mismatched.sign(with: user)
        await #expect { try await client.reserve(reservation: mismatched) } throws: { "\($0)".contains("Data is a volume") }
        // Nothing was stored or queued.
        let (records, _) = try await client.list(nodeID: nodeID)
        #expect(records.isEmpty)
    }

    @Test func pollAnswersAtOnceWhenSomethingIsPendingAndWaitsOtherwise() async throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (_, client) = try Self.open(directory) { $0.maxPollWait = .seconds(2) }
        // Nothing pending: the poll waits for the bound, then answers empty.
        let started = ContinuousClock.now
        let empty = try await client.poll(nodeID: nodeID, from: 0)
        #expect(empty.reservations.isEmpty && empty.next == 0)
        #expect(started.duration(to: .now) >= .milliseconds(1900))

        // A reservation arriving during a poll wakes it.
        let nodeID = self.nodeID
        let waiting = Task { try await client.poll(nodeID: nodeID, from: 0, options: CallOptions(timeout: .seconds(10))) }
        try await Task.sleep(for: .milliseconds(100))
        let reservation = try await reserveVolume(client)
        let woken = try await waiting.value
        #expect(woken.reservations.map(\.id) == [reservation.id])
        #expect(woken.next == 1)

        // Pending: answered at once.
        let quick = ContinuousClock.now
        let again = try await client.poll(nodeID: nodeID, from: 0)
        #expect(again.reservations.map(\.id) == [reservation.id])
        #expect(quick.duration(to: .now) < .milliseconds(1500))
        await #expect { try await client.poll(nodeID: nodeID, from: 5) } throws: { "\($0)".contains("past the end") }
        await #expect { try await client.poll(nodeID: "nope", from: 0) } throws: { "\($0)".contains("64 lowercase hex digits") }
    }

    @Test func feedbackMustBeSignedByTheReservationsNode() async throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (_, client) = try Self.open(directory)
        let reservation = try await reserveVolume(client)
        var result = Provision.Result(type: .volume, id: reservation.id, created: Fixtures.now(), state: .ok,
                                      data: .volume(Provision.VolumeResult(volumeID: reservation.id, path: "/v")))
        try await result.sign(with: Principal())
        await #expect { try await client.feedback(id: reservation.id, result: result) } throws: { Provision.BadSignature.matches($0) }
        try await result.sign(with: node)
        try await client.feedback(id: reservation.id, result: result)
        let record = try await client.get(id: reservation.id)
        #expect(record.result == result)
        try record.result?.verify(nodeID: nodeID)
    }

    @Test func deleteIsForTheOwnerAndIsSignalledUntilTheNodeConfirms() async throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (_, client) = try Self.open(directory) { $0.redeliverUnconfirmedAfter = .milliseconds(300); $0.maxPollWait = .milliseconds(500) }
        let reservation = try await reserveVolume(client)
        var forged = reservation
        forged.toDelete = true
        let stranger = Principal()
        let strangerSignature = try stranger.sign(try forged.signedBytes(toDelete: true))
        await #expect { try await client.delete(id: reservation.id, signature: strangerSignature) } throws: { Provision.BadSignature.matches($0) }
        try await client.delete(id: reservation.id, signature: try await reservation.deleteSignature(by: user))
        let polled = try await client.poll(nodeID: nodeID, from: 0)
        #expect(polled.reservations.map(\.id) == [reservation.id, reservation.id])
        #expect(polled.reservations.last?.toDelete == true)
        try polled.reservations.last?.verifySignatures()
        // Not confirmed: signalled again after the redelivery delay, without moving the cursor.
        try await Task.sleep(for: .milliseconds(400))
        let again = try await client.poll(nodeID: nodeID, from: polled.next)
        #expect(again.reservations.map(\.id) == [reservation.id])
        #expect(again.next == polled.next)
        // The confirmation must come from the node.
        await #expect { try await client.deleted(id: reservation.id, signature: try user.sign(DeletionConfirmation.signedBytes(id: reservation.id))) }
            throws: { Provision.BadSignature.matches($0) }
        try await client.deleted(id: reservation.id, signature: try node.sign(DeletionConfirmation.signedBytes(id: reservation.id)))
        #expect(try await client.get(id: reservation.id).deleted)
        try await Task.sleep(for: .milliseconds(400))
        let quiet = try await client.poll(nodeID: nodeID, from: polled.next)
        #expect(quiet.reservations.isEmpty)
    }

    @Test func expiredReservationsAreQueuedForTheirNode() async throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (service, client) = try Self.open(directory)
        let reservation = try await reserveVolume(client, duration: 1000)
        let first = try await client.poll(nodeID: nodeID, from: 0)
        #expect(first.next == 1)
        #expect(try service.sweepExpired(now: reservation.expiresAt - 1) == 0)
        #expect(try service.sweepExpired(now: reservation.expiresAt) == 1)
        #expect(try service.sweepExpired(now: reservation.expiresAt + 1) == 0)  // once
        let expired = try await client.poll(nodeID: nodeID, from: 1)
        #expect(expired.reservations.map(\.id) == [reservation.id])
        #expect(expired.reservations.first?.isExpired(at: reservation.expiresAt) == true)
    }

    @Test func aRestartedStoreLosesNothing() async throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var reservation: Provision.Reservation
        var resultSent: Provision.Result
        do {
            let (_, client) = try Self.open(directory)
            reservation = try await reserveVolume(client)
            _ = try await client.allocate(workloads: 1)  // 2-1, never used
            resultSent = Provision.Result(type: .volume, id: reservation.id, created: Fixtures.now(), state: .error, error: "disk full")
            try await resultSent.sign(with: node)
            try await client.feedback(id: reservation.id, result: resultSent)
            try await client.delete(id: reservation.id, signature: try await reservation.deleteSignature(by: user))
            var report = Provision.ReservedResources(time: 5, units: Provision.ResourceUnits(sru: 1))
            try await client.updateReservedResources(nodeID: nodeID, reserved: report, signature: try node.sign(try report.signedBytes(nodeID: nodeID)))
            report.time = 4
            await #expect { try await client.updateReservedResources(nodeID: nodeID, reserved: report, signature: try node.sign(try report.signedBytes(nodeID: nodeID))) }
                throws: { "\($0)".contains("older than") }
        }
        let (_, client) = try Self.open(directory)
        let record = try await client.get(id: reservation.id)
        #expect(record.reservation.toDelete)
        #expect(record.result == resultSent)
        let polled = try await client.poll(nodeID: nodeID, from: 0)
        #expect(polled.reservations.map(\.id) == [reservation.id, reservation.id])
        #expect(try await client.allocate(workloads: 1) == ["3-1"])
        // The allocation made before the restart is still usable.
        let late = try await Fixtures.volume(id: "2-1", node: node, user: user)
        #expect(try await client.reserve(reservation: late) == "2-1")
        let (records, reserved) = try await client.list(nodeID: nodeID)
        #expect(records.map(\.reservation.id) == [reservation.id, "2-1"])
        #expect(reserved.units.sru == 1 && reserved.time == 5)
    }

    @Test func aDamagedStateFileStopsTheStoreWithItsName() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try Self.open(directory)
        try Data([0xff, 0xff, 0xff]).write(to: URL(fileURLWithPath: directory + "/reservations/1-1.pb"))
        #expect { _ = try Self.open(directory) } throws: { "\($0)".contains("reservations/1-1.pb is corrupt") }
    }
}

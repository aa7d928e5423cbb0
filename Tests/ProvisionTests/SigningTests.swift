import Provision
import Testing
import VDLSecurity
import VDLWire

/// The user's signature covers every field but the signatures; the node's covers its result.
@Suite struct SigningTests {
    let user = Principal()
    let node = Principal()

    @Test func aSignedReservationVerifies() async throws {
        let reservation = try await Fixtures.volume(id: "1-1", node: node, user: user)
        #expect(reservation.user == user.publicKey.rawRepresentation)
        try reservation.validate()
        try reservation.verifySignatures()
    }

    /// Every field the original left unsigned (ID, Created, Duration, ToDelete) is now covered,
    /// as are the others.
    @Test(arguments: ["ID", "NodeID", "Type", "Data", "Created", "Duration", "ToDelete", "User"])
    func changingAnyFieldBreaksTheSignature(field: String) async throws {
        var reservation = try await Fixtures.volume(id: "1-1", node: node, user: user)
        switch field {
        case "ID": reservation.id = "1-2"
        case "NodeID": reservation.nodeID = NodeIdentity.nodeID(of: Principal().publicKey)
        case "Type": reservation.type = .container
        case "Data": reservation.data = .volume(Provision.Volume(size: 1000, type: .ssd))
        case "Created": reservation.created += 1
        case "Duration": reservation.duration *= 10
        case "ToDelete": reservation.toDelete = true
        case "User": reservation.user = Principal().publicKey.rawRepresentation
        default: Issue.record("unknown field \(field)")
        }
        #expect(throws: Provision.BadSignature.self) { try reservation.verifySignatures() }
    }

    @Test func theSignedBytesArePurposePlusCanonicalEncodingWithoutSignatures() async throws {
        let reservation = try await Fixtures.volume(id: "3-1", node: node, user: user)
        var bare = reservation
        bare.signature = []
        let expected = Array("vdl.provision.reservation.v1".utf8) + (try bare.serializedBytes())
        #expect(try reservation.signedBytes(toDelete: false) == expected)
        #expect(user.publicKey.isValidSignature(reservation.signature, for: expected))
        // A decoded copy re-encodes to the same bytes, so a verifier elsewhere agrees.
        let decoded = try Provision.Reservation(serializedBytes: try reservation.serializedBytes())
        try decoded.verifySignatures()
    }

    @Test func deletionNeedsTheOwnersDeleteSignature() async throws {
        var reservation = try await Fixtures.volume(id: "1-1", node: node, user: user)
        reservation.toDelete = true
        #expect(throws: Provision.BadSignature.self) { try reservation.verifySignatures() }
        reservation.deleteSignature = try await reservation.deleteSignature(by: user)
        try reservation.verifySignatures()
        // The delete signature is not the reservation signature replayed...
        reservation.deleteSignature = reservation.signature
        #expect(throws: Provision.BadSignature.self) { try reservation.verifySignatures() }
        // ...and nobody else can delete.
        await #expect(throws: Provision.BadSignature.self) { try await reservation.deleteSignature(by: Principal()) }
    }

    @Test func validateNamesTheProblem() async throws {
        var reservation = try await Fixtures.volume(id: "1-1", node: node, user: user)
        reservation.type = .container
        #expect { try reservation.validate() } throws: { "\($0)".contains("Type container but its Data is a volume") }
        reservation = try await Fixtures.volume(id: "x", node: node, user: user)
        #expect { try reservation.validate() } throws: { "\($0)".contains("<reservation>-<workload>") }
        reservation = try await Fixtures.volume(id: "1-1", node: node, user: user, duration: 0)
        #expect { try reservation.validate() } throws: { "\($0)".contains("Duration of 0 ms") }
        reservation = try await Fixtures.volume(id: "1-1", node: node, user: user)
        reservation.nodeID = "abc"
        #expect { try reservation.validate() } throws: { "\($0)".contains("64 lowercase hex digits") }
        reservation.nodeID = NodeIdentity.nodeID(of: node.publicKey).uppercased()
        #expect { try reservation.validate() } throws: { "\($0)".contains("64 lowercase hex digits") }
    }

    @Test func resultsAreSignedByTheNode() async throws {
        var result = Provision.Result(type: .volume, id: "1-1", created: 5, state: .ok,
                                      data: .volume(Provision.VolumeResult(volumeID: "1-1", path: "/x")))
        try await result.sign(with: node)
        let nodeID = NodeIdentity.nodeID(of: node.publicKey)
        try result.verify(nodeID: nodeID)
        #expect(throws: Provision.BadSignature.self) { try result.verify(nodeID: NodeIdentity.nodeID(of: Principal().publicKey)) }
        var tampered = result
        tampered.state = .error
        #expect(throws: Provision.BadSignature.self) { try tampered.verify(nodeID: nodeID) }
    }

    @Test func reservationIDsParseStrictly() {
        #expect(ReservationID("12-3") == ReservationID(reservation: 12, workload: 3))
        for bad in ["", "1", "1-", "-1", "0-1", "1-0", "1-2-3", "a-1", "1-+2", "١-1"] {
            #expect(ReservationID(bad) == nil, "\(bad)")
        }
        #expect(ReservationID(reservation: 2, workload: 1) < ReservationID(reservation: 10, workload: 1))
    }
}

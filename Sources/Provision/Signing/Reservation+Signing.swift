import Foundation
import VDLSecurity
import VDLWire

extension Provision.Reservation {
    /// The bytes the user signs: `ReservationPurpose` followed by the canonical proto3 encoding of
    /// this reservation with `Signature` and `DeleteSignature` empty and `ToDelete` set to
    /// `toDelete`. Every other field — ID, NodeID, User, Type, Data, Created, Duration — is covered.
    public func signedBytes(toDelete: Bool) throws -> [UInt8] {
        var copy = self
        copy.signature = []
        copy.deleteSignature = []
        copy.toDelete = toDelete
        return Array(Provision.reservationPurpose.utf8) + (try copy.serializedBytes())
    }

    /// Sets `User` to the signer's key and `Signature` to its signature of the reservation
    /// (the key may be held by an agent).
    public mutating func sign(with user: Principal) async throws {
        self.user = user.publicKey.rawRepresentation
        self.signature = try await user.signature(for: try signedBytes(toDelete: false))
    }

    /// The owner's signature asking for deletion: what `ReservationStore.Delete` takes.
    public func deleteSignature(by user: Principal) async throws -> [UInt8] {
        guard user.publicKey.rawRepresentation == self.user else {
            throw Provision.BadSignature(what: "reservation \(id) belongs to another user; only its owner can delete it")
        }
        return try await user.signature(for: try signedBytes(toDelete: true))
    }

    /// The user's public key; throws `InvalidReservation` when `User` is not an Ed25519 key.
    public func userKey() throws -> PublicKey {
        do {
            return try PublicKey(rawRepresentation: user)
        } catch {
            throw Provision.InvalidReservation(reason: "User of \(id) is not an Ed25519 public key (\(user.count) bytes)")
        }
    }

    /// Checks the user's signature and, when `ToDelete` is set, the user's delete signature.
    /// Throws `BadSignature` naming which one fails.
    public func verifySignatures() throws {
        let key = try userKey()
        guard key.isValidSignature(signature, for: try signedBytes(toDelete: false)) else {
            throw Provision.BadSignature(what: "the user's signature of reservation \(id) does not verify (the reservation was altered or signed by another key)")
        }
        if toDelete {
            guard key.isValidSignature(deleteSignature, for: try signedBytes(toDelete: true)) else {
                throw Provision.BadSignature(what: "the delete signature of reservation \(id) does not verify with its owner's key")
            }
        } else if !deleteSignature.isEmpty {
            throw Provision.InvalidReservation(reason: "reservation \(id) has a delete signature but is not marked ToDelete")
        }
    }

    /// The instant the reservation expires, in Unix milliseconds.
    public var expiresAt: Int64 { created.addingReportingOverflow(duration).overflow ? Int64.max : created + duration }

    /// Whether it has expired at `now` (Unix milliseconds).
    public func isExpired(at now: Int64) -> Bool { now >= expiresAt }

    /// Checks the shape of the reservation: ID, node ID, user key, type against data, times.
    /// Throws `InvalidReservation` (or `InvalidArgument` for the node ID) naming the problem.
    public func validate() throws {
        guard ReservationID(id) != nil else {
            throw Provision.InvalidReservation(reason: "ID \"\(id.prefix(80))\" is not of the form <reservation>-<workload>")
        }
        _ = try NodeIdentity.publicKey(ofNodeID: nodeID)
        _ = try userKey()
        guard data.type == type else {
            throw Provision.InvalidReservation(reason: "reservation \(id) has Type \(type.name) but its Data is a \(data.type.name)")
        }
        guard created > 0 else { throw Provision.InvalidReservation(reason: "reservation \(id) has no Created time") }
        guard duration > 0 else { throw Provision.InvalidReservation(reason: "reservation \(id) has a Duration of \(duration) ms; it must be positive") }
        guard !signature.isEmpty else { throw Provision.InvalidReservation(reason: "reservation \(id) is not signed") }
    }
}

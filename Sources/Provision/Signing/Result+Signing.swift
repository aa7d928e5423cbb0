import VDLSecurity
import VDLWire

extension Provision.Result {
    /// The bytes a node signs: `ResultPurpose` followed by the canonical proto3 encoding of the
    /// result with `Signature` empty.
    public func signedBytes() throws -> [UInt8] {
        var copy = self
        copy.signature = []
        return Array(Provision.resultPurpose.utf8) + (try copy.serializedBytes())
    }

    /// Sets `Signature` to the node's signature (the key may be held by an agent).
    public mutating func sign(with node: Principal) async throws {
        signature = try await node.sign(try signedBytes())
    }

    /// Checks the signature against the node `nodeID` names; throws `BadSignature`.
    public func verify(nodeID: String) throws {
        let key = try NodeIdentity.publicKey(ofNodeID: nodeID)
        guard key.isValidSignature(signature, for: try signedBytes()) else {
            throw Provision.BadSignature(what: "the result for \(id) is not signed by node \(nodeID.prefix(16))…")
        }
    }
}

extension Provision.ReservedResources {
    /// The bytes a node signs: `ResourcesPurpose`, the node ID, one zero byte, then the
    /// canonical encoding of the report.
    public func signedBytes(nodeID: String) throws -> [UInt8] {
        Array(Provision.resourcesPurpose.utf8) + Array(nodeID.utf8) + [0] + (try serializedBytes())
    }
}

/// The bytes a node signs to confirm that a reservation's workload is gone.
public enum DeletionConfirmation {
    /// `DeletedPurpose` followed by the reservation ID.
    public static func signedBytes(id: String) -> [UInt8] {
        Array(Provision.deletedPurpose.utf8) + Array(id.utf8)
    }
}

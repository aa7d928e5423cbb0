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
        signature = try await node.signature(for: try signedBytes())
    }

    /// Checks the signature against the node `nodeID` names; throws `BadSignature`.
    public func verify(nodeID: String) throws {
        let key = try NodeIdentity.publicKey(ofNodeID: nodeID)
        guard key.isValidSignature(signature, for: try signedBytes()) else {
            throw Provision.BadSignature(what: "the result for \(id) is not signed by node \(nodeID.prefix(16))…")
        }
    }
}

import VDLSecurity

/// Node IDs: a node is named by its Ed25519 public key, written as 64 lowercase hex digits, so
/// whoever holds a node ID can verify what the node signs.
public enum NodeIdentity {
    /// The node ID of a public key.
    public static func nodeID(of key: PublicKey) -> String {
        Hex.encode(key.rawRepresentation)
    }

    /// The public key a node ID names; throws `InvalidArgument` naming the problem.
    public static func publicKey(ofNodeID nodeID: String) throws -> PublicKey {
        guard nodeID.utf8.count == 64, let bytes = Hex.decode(nodeID) else {
            throw Provision.InvalidArgument(reason: "node ID \"\(nodeID.prefix(80))\" is not a public key of 64 hex digits")
        }
        do {
            return try PublicKey(rawRepresentation: bytes)
        } catch {
            throw Provision.InvalidArgument(reason: "node ID \(nodeID) is not an Ed25519 public key: \(error)")
        }
    }
}

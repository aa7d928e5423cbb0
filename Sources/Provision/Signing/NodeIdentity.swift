import VDLSecurity

/// Node IDs: a node is named by its Ed25519 public key, written as 64 lowercase hex digits, so
/// whoever holds a node ID can verify what the node signs.
public enum NodeIdentity {
    /// The node ID of a public key.
    public static func nodeID(of key: PublicKey) -> String {
        Hex.encode(key.rawRepresentation)
    }

    /// The public key a node ID names; throws `InvalidArgument` naming the problem (an ID must
    /// be 64 lowercase hex digits).
    public static func publicKey(ofNodeID nodeID: String) throws -> PublicKey {
        // Lowercase only: the ID names a queue and is compared as text, so it has one spelling.
        guard nodeID.utf8.count == 64, nodeID.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
              let bytes = Hex.decode(nodeID) else {
            throw Provision.InvalidArgument(reason: "node ID \"\(nodeID.prefix(80))\" is not a public key of 64 lowercase hex digits")
        }
        do {
            return try PublicKey(rawRepresentation: bytes)
        } catch {
            throw Provision.InvalidArgument(reason: "node ID \(nodeID) is not an Ed25519 public key: \(error)")
        }
    }
}

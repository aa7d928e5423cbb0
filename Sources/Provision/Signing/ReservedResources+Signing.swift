import VDLWire

extension Provision.ReservedResources {
    /// The bytes a node signs: `ResourcesPurpose`, the node ID, one zero byte, then the
    /// canonical encoding of the report.
    public func signedBytes(nodeID: String) throws -> [UInt8] {
        Array(Provision.resourcesPurpose.utf8) + Array(nodeID.utf8) + [0] + (try serializedBytes())
    }
}

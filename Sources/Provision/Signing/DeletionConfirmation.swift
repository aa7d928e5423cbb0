/// The bytes a node signs to confirm that a reservation's workload is gone.
public enum DeletionConfirmation {
    /// `DeletedPurpose` followed by the reservation ID.
    public static func signedBytes(id: String) -> [UInt8] {
        Array(Provision.deletedPurpose.utf8) + Array(id.utf8)
    }
}

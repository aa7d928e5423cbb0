import Foundation

/// Volumes as directories: `<data root>/volumes/<reservation ID>`, with the reservation's size
/// accounted in the node's capacity (SRU or HRU). The size is not enforced by the filesystem
/// (there are no quotas on a plain directory). The directory survives restarts and reboots;
/// only a decommission removes it.
public struct VolumeProvisioner: Provisioner {
    /// A volume provisioner.
    public init() {}

    /// The directory of volume `id`.
    public static func path(of id: String, dataRoot: String) -> String {
        dataRoot + "/volumes/" + id
    }

    /// Creates the volume's directory (reusing one an interrupted attempt left).
    public func provision(_ reservation: Provision.Reservation, on node: NodeContext) async throws -> Provision.ResultData {
        guard case .volume(let volume) = reservation.data else {
            throw Provision.InvalidReservation(reason: "reservation \(reservation.id) is not a volume")
        }
        guard volume.size > 0 else {
            throw Provision.InvalidReservation(reason: "volume \(reservation.id) has size 0 GiB")
        }
        let path = Self.path(of: reservation.id, dataRoot: node.dataRoot)
        // Idempotent: an existing directory (from an attempt cut short) is reused.
        try DurableFiles.makeDirectory(path)
        return .volume(Provision.VolumeResult(volumeID: reservation.id, path: path))
    }

    /// Removes the volume's directory and its content; a missing directory is fine.
    public func decommission(_ entry: ProvisionState.CacheEntry, on node: NodeContext) async throws {
        let path = Self.path(of: entry.reservation.id, dataRoot: node.dataRoot)
        guard FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.removeItem(atPath: path)
    }
}

/// Where a node's reservations come from. A source runs until its task is cancelled, handing
/// each batch to `apply` and waiting for it before it moves on; when `apply` throws, the source
/// hands the same reservations over again later rather than skipping them.
public protocol ReservationSource: Sendable {
    func run(_ apply: @escaping @Sendable ([Provision.Reservation]) async throws -> Void) async throws
}

/// A reservation ID, "<reservation>-<workload>", both positive decimal numbers.
public struct ReservationID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The reservation number, from 1.
    public var reservation: UInt64
    /// The workload's position in the reservation, from 1.
    public var workload: UInt32

    /// The ID "<reservation>-<workload>".
    public init(reservation: UInt64, workload: UInt32) {
        self.reservation = reservation
        self.workload = workload
    }

    /// Parses "<reservation>-<workload>"; nil when `text` is not of that form.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.count <= 19 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let reservation = UInt64(parts[0]), let workload = UInt32(parts[1]), reservation > 0, workload > 0 else { return nil }
        self.init(reservation: reservation, workload: workload)
    }

    /// The text form.
    public var description: String { "\(reservation)-\(workload)" }

    /// Numeric order: by reservation, then workload.
    public static func < (lhs: ReservationID, rhs: ReservationID) -> Bool {
        (lhs.reservation, lhs.workload) < (rhs.reservation, rhs.workload)
    }
}

/// A node's capacity: what it declares, and what a set of applied reservations uses.
public struct Capacity: Sendable, Hashable {
    /// The capacity the node declares; a reservation that would exceed it is refused.
    public var total: Provision.ResourceUnits

    /// A node declaring `total`.
    public init(total: Provision.ResourceUnits) {
        self.total = total
    }

    /// The resource units a reservation takes: a container its CPU cores (CRU) and memory
    /// (MRU, MiB), a volume or zdb its size on its disk type (SRU for SSD, HRU for HDD).
    public static func units(of reservation: Provision.Reservation) -> Provision.ResourceUnits {
        var units = Provision.ResourceUnits()
        switch reservation.data {
        case .container(let container):
            units.cru = UInt64(container.capacity.cpu)
            units.mru = container.capacity.memory
        case .volume(let volume):
            if volume.type == .ssd { units.sru = volume.size } else { units.hru = volume.size }
        case .zdb(let zdb):
            if zdb.diskType == .ssd { units.sru = zdb.size } else { units.hru = zdb.size }
        case .network, .debug, .kubernetes:
            break
        }
        return units
    }

    /// The units and workload counts used by `reservations`, as a report at `time` (Unix ms).
    public func report(for reservations: [Provision.Reservation], time: Int64) -> Provision.ReservedResources {
        var report = Provision.ReservedResources(time: time, total: total)
        for reservation in reservations {
            report.units = Self.sum(report.units, Self.units(of: reservation))
            report.workloads[reservation.type, default: 0] += 1
        }
        return report
    }

    /// Throws `InvalidReservation` naming each resource kind that `reservation` would overcommit
    /// on top of `used`.
    public func check(_ reservation: Provision.Reservation, used: Provision.ResourceUnits) throws {
        let need = Self.units(of: reservation)
        var over: [String] = []
        func check(_ name: String, _ unit: String, _ need: UInt64, _ used: UInt64, _ total: UInt64) {
            let (sum, overflow) = need.addingReportingOverflow(used)
            if need > 0 && (overflow || sum > total) {
                over.append("\(name) \(need) \(unit) requested, \(total > used ? total - used : 0) of \(total) free")
            }
        }
        check("CRU", "cores", need.cru, used.cru, total.cru)
        check("MRU", "MiB", need.mru, used.mru, total.mru)
        check("SRU", "GiB", need.sru, used.sru, total.sru)
        check("HRU", "GiB", need.hru, used.hru, total.hru)
        if !over.isEmpty {
            throw Provision.InvalidReservation(reason: "reservation \(reservation.id) would overcommit the node: \(over.joined(separator: "; "))")
        }
    }

    static func sum(_ a: Provision.ResourceUnits, _ b: Provision.ResourceUnits) -> Provision.ResourceUnits {
        Provision.ResourceUnits(cru: a.cru &+ b.cru, mru: a.mru &+ b.mru, sru: a.sru &+ b.sru, hru: a.hru &+ b.hru)
    }
}

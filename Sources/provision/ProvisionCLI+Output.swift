import ArgumentParser
import Foundation
import Provision
import VDLSecurity
import VDLTransport
import VDLWire

/// The state of a record as users see it.
func state(of record: Provision.Record) -> String {
    if record.deleted { return "deleted" }
    if record.reservation.toDelete { return "deleting" }
    if record.reservation.isExpired(at: ReservationStoreService.nowMilliseconds()) { return "expired" }
    guard let result = record.result else { return "pending" }
    return result.state == .ok ? "ok" : "error"
}

/// Whether the record's result is signed by its node: nil when there is no result, else the
/// problem (empty when it verifies).
func verification(of record: Provision.Record) -> String? {
    guard let result = record.result else { return nil }
    do {
        try result.verify(nodeID: record.reservation.nodeID)
        return ""
    } catch {
        return "\(error)"
    }
}

func describe(_ record: Provision.Record) -> [String: Any] {
    let reservation = record.reservation
    var out: [String: Any] = [
        "id": reservation.id, "node": reservation.nodeID, "user": Hexadecimal.encode(reservation.user),
        "type": reservation.type.name, "created": reservation.created, "duration": reservation.duration,
        "toDelete": reservation.toDelete, "deleted": record.deleted, "state": state(of: record),
        "signatureValid": (try? reservation.verifySignatures()) != nil,
    ]
    if let result = record.result {
        var result_: [String: Any] = [
            "state": result.state == .ok ? "ok" : "error", "error": result.error, "created": result.created,
            "verified": verification(of: record) == "",
        ]
        switch result.data {
        case .volume(let volume): result_["volume"] = ["id": volume.volumeID, "path": volume.path]
        case .container(let container): result_["container"] = ["id": container.containerID, "pid": container.pid]
        case .debug(let debug): result_["debug"] = ["target": debug.target]
        case .network(let network): result_["network"] = ["id": network.networkID]
        case .zdb(let zdb): result_["zdb"] = ["namespace": zdb.namespace, "ip": zdb.ip, "port": zdb.port]
        case .kubernetes(let kubernetes): result_["kubernetes"] = ["id": kubernetes.id, "ip": kubernetes.ip]
        case .empty: break
        }
        out["result"] = result_
    }
    return out
}

func describe(_ reserved: Provision.ReservedResources) -> [String: Any] {
    func units(_ u: Provision.ResourceUnits) -> [String: Any] { ["cru": u.cru, "mru": u.mru, "sru": u.sru, "hru": u.hru] }
    return ["time": reserved.time, "used": units(reserved.units), "total": units(reserved.total),
            "workloads": Dictionary(uniqueKeysWithValues: reserved.workloads.map { ($0.key.name, $0.value) })]
}

func text(_ record: Provision.Record) -> String {
    let reservation = record.reservation
    var lines = [
        "id: \(reservation.id)",
        "type: \(reservation.type.name)",
        "node: \(reservation.nodeID)",
        "user: \(Hexadecimal.encode(reservation.user))",
        "created: \(Date(timeIntervalSince1970: Double(reservation.created) / 1000))",
        "expires: \(Date(timeIntervalSince1970: Double(reservation.expiresAt) / 1000))",
        "signature: \((try? reservation.verifySignatures()) != nil ? "valid" : "INVALID")",
        "state: \(state(of: record))",
    ]
    if let result = record.result {
        let verified = verification(of: record) ?? ""
        lines.append("result: \(result.state == .ok ? "ok" : "error") (\(verified.isEmpty ? "signed by the node" : "NOT VERIFIED: \(verified)"))")
        if !result.error.isEmpty { lines.append("error: \(result.error)") }
        switch result.data {
        case .volume(let volume): lines.append("volume: \(volume.path)")
        case .container(let container): lines.append("container: pid \(container.pid)")
        case .debug(let debug): lines.append("debug: \(debug.target)")
        case .network(let network): lines.append("network: \(network.networkID)")
        case .zdb(let zdb): lines.append("zdb: \(zdb.namespace) \(zdb.ip):\(zdb.port)")
        case .kubernetes(let kubernetes): lines.append("kubernetes: \(kubernetes.id) \(kubernetes.ip)")
        case .empty: break
        }
    }
    return lines.joined(separator: "\n")
}

func summary(_ record: Provision.Record) -> String {
    let error = record.result.map { $0.error.isEmpty ? "" : "  \($0.error)" } ?? ""
    return "\(record.reservation.id)  \(record.reservation.type.name)  \(state(of: record))\(error)"
}

/// Hex for keys.
enum Hexadecimal {
    static func encode(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}

func printJSON(_ value: Any) {
    guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys]) else {
        print("{}")
        return
    }
    print(String(decoding: data, as: UTF8.self))
}

/// Prints a failure on stderr: exit 1 when the store refused or failed the call, 2 for bad
/// input, credentials or addresses.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as VDLError {
        FileHandle.standardError.write(Data("provision: \(error)\n".utf8))
        throw ExitCode(1)
    } catch let error as ValidationError {
        FileHandle.standardError.write(Data("provision: \(error.message)\n".utf8))
        throw ExitCode(2)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("provision: \(error)\n".utf8))
        throw ExitCode(2)
    }
}

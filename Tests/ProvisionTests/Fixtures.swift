import Foundation
import Logging
import Provision
import VDLSecurity

/// Builders shared by the tests.
enum Fixtures {
    /// Loggers for the code under test: warnings and errors only, to keep test output readable.
    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        return logger
    }

    static func now() -> Int64 { ReservationStoreService.nowMilliseconds() }

    /// A signed volume reservation of `user` for `node`.
    static func volume(id: String, node: Principal, user: Principal, size: UInt64 = 1, type: Provision.DiskType = .ssd,
                       created: Int64 = now(), duration: Int64 = 3_600_000) async throws -> Provision.Reservation {
        try await signed(id: id, node: node, user: user, data: .volume(Provision.Volume(size: size, type: type)), created: created, duration: duration)
    }

    /// A signed container reservation.
    static func container(id: String, node: Principal, user: Principal, entrypoint: String = "sleep 30",
                          cpu: UInt32 = 1, memory: UInt64 = 256, mounts: [Provision.Mount] = [],
                          env: [String: String] = [:], duration: Int64 = 3_600_000) async throws -> Provision.Reservation {
        let container = Provision.Container(env: env, entrypoint: entrypoint, mounts: mounts,
                                            capacity: Provision.ContainerCapacity(cpu: cpu, memory: memory))
        return try await signed(id: id, node: node, user: user, data: .container(container), created: now(), duration: duration)
    }

    static func signed(id: String, node: Principal, user: Principal, data: Provision.Workload,
                       created: Int64 = now(), duration: Int64 = 3_600_000) async throws -> Provision.Reservation {
        var reservation = Provision.Reservation(id: id, nodeID: NodeIdentity.nodeID(of: node.publicKey), type: data.type,
                                                data: data, created: created, duration: duration)
        try await reservation.sign(with: user)
        return reservation
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "provision-test-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

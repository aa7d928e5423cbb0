import Foundation
import VDLRPC
import VDLSecurity
import VDLWire

/// The pod agent's service: lends `principal` to the processes of a pod (its public key, its
/// signatures, its blessings and roots, its TLS certificate) without handing out the private
/// key. It is served on a Unix socket whose file permissions decide who may use it.
public final class PodAgentService: Cluster.Agent.Service {
    private let principal: Principal

    public init(principal: Principal) {
        self.principal = principal
    }

    /// The service for a plaintext Unix-socket server: access is the socket file's permissions.
    public var registration: ServiceRegistration {
        Cluster.Agent.registration(self).authorized(by: .allowEveryone)
    }

    public func publicKey(context: ServerCallContext) async throws -> [UInt8] {
        principal.publicKey.rawRepresentation
    }

    public func sign(message: [UInt8], context: ServerCallContext) async throws -> [UInt8] {
        try principal.sign(message)
    }

    public func blessings(context: ServerCallContext) async throws -> (blessings: Security.WireBlessings, roots: Security.StoredRoots) {
        (principal.blessingStore.defaultBlessings.wire, principal.roots.stored)
    }

    public func certificate(context: ServerCallContext) async throws -> [UInt8] {
        try principal.tlsCertificate()
    }
}

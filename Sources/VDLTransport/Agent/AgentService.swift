import Foundation
import VDLRPC
import VDLSecurity
import VDLWire

/// Lends `principal` to other processes (its public key, its signatures, its blessings and
/// roots, its TLS certificate) without handing out the private key: the server side of the
/// `security/agent` protocol. Serve it on a plaintext Unix socket whose file permissions decide
/// who may use it; the processes build their principal with ``VDLSecurity/Principal/fromAgent(socketPath:)``.
///
/// ```swift
/// let server = RPCServer(services: [AgentService(principal: principal).registration], security: .plaintext)
/// try await server.bind(to: .unix(path: "/run/agent.sock"))
/// ```
public final class AgentService: Agent.Agent.Service {
    private let principal: Principal

    public init(principal: Principal) {
        self.principal = principal
    }

    /// The service for a plaintext Unix-socket server: access is the socket file's permissions.
    public var registration: ServiceRegistration {
        Agent.Agent.registration(self).authorized(by: .allowEveryone)
    }

    public func publicKey(context: ServerCallContext) async throws -> [UInt8] {
        principal.publicKey.rawRepresentation
    }

    public func sign(message: [UInt8], context: ServerCallContext) async throws -> [UInt8] {
        try await principal.signature(for: message)
    }

    public func blessings(context: ServerCallContext) async throws -> (blessings: Security.WireBlessings, roots: Security.StoredRoots) {
        (principal.blessingStore.defaultBlessings.wire, principal.roots.stored)
    }

    public func certificate(context: ServerCallContext) async throws -> [UInt8] {
        try principal.tlsCertificate()
    }
}

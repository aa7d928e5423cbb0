import ClusterAgent
import Foundation
import VDLRPC
import VDLSecurity
import VDLWire

/// vkube's calls to the cluster agent (docs/cluster.md): NewSecret, ForgetSecret and Claim,
/// made with the caller's principal over TLS.
public struct ClusterAgentConnection: Sendable {
    /// The agent's address as given (for messages): `host:port` or `/(pattern)@host:port`.
    public let address: String
    /// The caller.
    public let principal: Principal
    /// How long one call may take.
    public let timeout: Duration
    private let client: Cluster.ClusterAgentAdmin.Client
    private let onClose: @Sendable () async -> Void

    /// A connection through `client` (whose transport reaches `address`) as `principal`;
    /// ``close()`` calls `onClose`, which closes the transport.
    public init(
        client: Cluster.ClusterAgentAdmin.Client, address: String, principal: Principal, timeout: Duration = .seconds(30),
        onClose: @escaping @Sendable () async -> Void = {}
    ) {
        self.client = client
        self.address = address
        self.principal = principal
        self.timeout = timeout
        self.onClose = onClose
    }

    /// The blessings vkube extends when it grants: `text` (the text form `principal` prints,
    /// or a file holding it) when given, else the caller's default blessings.
    public func baseBlessings(_ text: String?) throws -> Blessings {
        guard let text, !text.isEmpty else {
            let defaults = principal.blessingStore.defaultBlessings
            guard !defaults.isEmpty else { throw VKubeError("the credentials have no default blessings to grant") }
            return defaults
        }
        var source = text
        if FileManager.default.fileExists(atPath: text) {
            do {
                source = try String(contentsOfFile: text, encoding: .utf8)
            } catch {
                throw VKubeError("cannot read the base blessings file \(text): \(VKubeConfig.reason(error))")
            }
        }
        do {
            return try Blessings(base64URLEncoded: source)
        } catch {
            throw VKubeError("--base-blessings: \(error)")
        }
    }

    /// Grants the agent `base`:`extension` and returns the secret that stands for it.
    public func newSecret(extension: String, base: Blessings) async throws -> String {
        try await call("NewSecret") {
            try await client.newSecret(options: options(grant: Grant(extension: `extension`, with: base)))
        }
    }

    /// Makes the agent forget `secret`; `false` when the agent did not know it (already
    /// forgotten).
    @discardableResult
    public func forgetSecret(_ secret: String) async throws -> Bool {
        try await call("ForgetSecret") {
            do {
                try await client.forgetSecret(secret: secret, options: options())
                return true
            } catch let error as VDLError where error.id == StandardErrors.noExistID {
                return false
            }
        }
    }

    /// Claims an unclaimed agent, granting it `<default blessing>:extension`.
    public func claim(extension: String) async throws {
        try await call("Claim") {
            try await client.claim(options: options(grant: Grant(extension: `extension`, with: principal.blessingStore.defaultBlessings)))
        }
    }

    /// Closes the connection.
    public func close() async { await onClose() }

    private func options(grant: Grant? = nil) -> CallOptions {
        CallOptions(timeout: timeout, grant: grant)
    }

    private func call<T>(_ method: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as VKubeError {
            throw error
        } catch {
            throw VKubeError("the cluster agent at \(address) failed \(method): \(error)")
        }
    }

    /// `address` without a blessing pattern: an unclaimed agent presents only its own
    /// self-blessing, so Claim cannot pin the configured one.
    public static func unpinned(_ address: String) -> String {
        guard address.hasPrefix("/("), let end = address.range(of: ")@") else { return address }
        return String(address[end.upperBound...])
    }
}

import Foundation
import Logging
import Synchronization
import VDLRPC
import VDLSecurity
import VDLWire

/// The cluster agent: stores blessings behind secrets and blesses replicas that present a
/// secret. Secrets never appear in its logs.
///
/// ```swift
/// let agent = try ClusterAgentService(principal: principal, rootDirectory: "/var/lib/cluster-agent")
/// let server = RPCServer(services: [agent.registration(admin: .permissions(perms))], security: .tls(principal))
/// ```
public final class ClusterAgentService: Cluster.ClusterAgentAdmin.Service {
    /// The extension replicas get under the stored blessings (`<granter>:<app>:x`).
    public let replicaExtension: String
    public let secrets: SecretStore
    /// Who may claim an unclaimed agent; nil: the agent cannot be claimed.
    public let claimer: Access.BlessingPattern?
    private let principal: Principal
    private let claimedMarker: String
    private let claimed: Mutex<Bool>
    private let logger: Logger

    /// - Parameters:
    ///   - rootDirectory: where the secrets (and the claim marker) are kept.
    ///   - claimed: whether the agent already has its blessing (false for an agent that made its
    ///     own credentials and waits for `Claim`); a claim marker in the directory also counts.
    public init(principal: Principal, rootDirectory: String, replicaExtension: String = "x",
                claimer: Access.BlessingPattern? = nil, claimed: Bool = true,
                logger: Logger = Logger(label: "cluster_agentd")) throws {
        try BlessingName.checkExtension(replicaExtension)
        self.principal = principal
        self.replicaExtension = replicaExtension
        self.claimer = claimer
        self.secrets = try SecretStore(directory: rootDirectory, agentKey: principal.publicKey, logger: logger)
        self.claimedMarker = rootDirectory + "/claimed"
        self.claimed = Mutex(claimed || FileManager.default.fileExists(atPath: rootDirectory + "/claimed"))
        self.logger = logger
    }

    /// Whether the agent has its blessing.
    public var isClaimed: Bool { claimed.withLock { $0 } }

    /// The service with its authorization: SeekBlessings is open to every caller (the secret is
    /// the authorization), Claim to callers matching the claimer, the rest to `admin`.
    public func registration(admin: any Authorizer) -> ServiceRegistration {
        Cluster.ClusterAgentAdmin.registration(self).authorized(by: ClusterAgentAuthorizer(admin: admin, claimer: claimer))
    }

    public func seekBlessings(secret: String, context: ServerCallContext) async throws -> Security.WireBlessings {
        guard let key = context.security.remotePublicKey else {
            throw StandardErrors.badArgument("SeekBlessings needs an authenticated (TLS) connection: the caller's key is what gets blessed")
        }
        guard let stored = secrets.blessings(for: secret) else {
            logger.notice("SeekBlessings with an unknown secret", metadata: ["caller": "\(key)"])
            throw StandardErrors.noExist("no blessings are stored for this secret")
        }
        let blessings = try principal.bless(key, with: stored, extension: replicaExtension)
        logger.info("blessed a replica", metadata: ["caller": "\(key)", "blessings": "\(blessings)"])
        return blessings.wire
    }

    public func newSecret(context: ServerCallContext) async throws -> String {
        let granted = try grantedBlessings(context, method: "NewSecret")
        let secret = try secrets.add(granted)
        logger.info("stored blessings behind a new secret", metadata: ["blessings": "\(granted)", "by": "\(context.remoteBlessingNames)"])
        return secret
    }

    public func forgetSecret(secret: String, context: ServerCallContext) async throws {
        guard try secrets.forget(secret) else {
            throw StandardErrors.noExist("no blessings are stored for this secret")
        }
        logger.info("forgot a secret", metadata: ["by": "\(context.remoteBlessingNames)"])
    }

    public func claim(context: ServerCallContext) async throws {
        let granted = try grantedBlessings(context, method: "Claim")
        try claimed.withLock { claimed in
            guard !claimed else {
                throw Cluster.AlreadyClaimed(blessings: principal.blessingStore.defaultBlessings.description)
            }
            try principal.adopt(granted)
            try AtomicFile.write(Array("\(granted)\n".utf8), to: claimedMarker)
            claimed = true
        }
        logger.notice("claimed", metadata: ["blessings": "\(granted)", "by": "\(context.security.remoteBlessings)"])
    }

    /// The blessings granted on the call; the runtime has checked they are bound to our key.
    private func grantedBlessings(_ context: ServerCallContext, method: String) throws -> Blessings {
        guard let granted = context.grantedBlessings, granted.publicKey == principal.publicKey else {
            throw StandardErrors.badArgument("\(method) needs blessings granted on the call and bound to the agent's key \(principal.publicKey)")
        }
        return granted
    }
}

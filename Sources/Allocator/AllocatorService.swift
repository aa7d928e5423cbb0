import Foundation
import Logging
import VDLRPC
import VDLSecurity
import VDLWire

/// The allocator: per-user instances of one service, made from a deployment template.
///
/// The caller's identity comes from their valid blessing names through the identity pattern
/// (none: `NoIdentity`). Create, Destroy and the scaling calls run one at a time, so two
/// concurrent Creates of one user cannot both pass a limit. An instance that is not the
/// caller's (unless the caller is a global admin) is reported exactly like one that does not
/// exist.
public final class AllocatorService: Allocator.Allocator.Service {
    public struct Configuration: Sendable {
        /// The handle prefix: handles are `<serverName>-<8 hex>`.
        public var serverName: String
        public var serverVersion: String
        public var maxInstances: Int
        public var maxInstancesPerUser: Int
        /// Who may destroy, suspend, resume and reset anyone's instances; also in every
        /// instance's access list.
        public var globalAdmins: [Access.BlessingPattern]
        public var identityPattern: IdentityPattern
        /// Instances publish themselves under `<mountPrefix>/<handle>`.
        public var mountPrefix: String

        public init(serverName: String, serverVersion: String = "", maxInstances: Int = 10, maxInstancesPerUser: Int = 1,
                    globalAdmins: [Access.BlessingPattern] = [], identityPattern: IdentityPattern, mountPrefix: String? = nil) {
            self.serverName = serverName
            self.serverVersion = serverVersion
            self.maxInstances = maxInstances
            self.maxInstancesPerUser = maxInstancesPerUser
            self.globalAdmins = globalAdmins
            self.identityPattern = identityPattern
            self.mountPrefix = mountPrefix ?? serverName
        }
    }

    public let configuration: Configuration
    private let template: DeploymentTemplate
    private let backend: any InstanceBackend
    private let gate = SerialGate()
    private let logger: Logger

    public init(configuration: Configuration, template: DeploymentTemplate, backend: any InstanceBackend,
                logger: Logger = Logger(label: "allocatord")) {
        self.configuration = configuration
        self.template = template
        self.backend = backend
        self.logger = logger
    }

    /// The service, for the server's authorizer (Read on every method).
    public var registration: ServiceRegistration { Allocator.Allocator.registration(self) }

    public func create(context: ServerCallContext) async throws -> String {
        let names = context.remoteBlessingNames
        guard let user = configuration.identityPattern.user(ofAny: names) else {
            throw Allocator.NoIdentity(pattern: configuration.identityPattern.text)
        }
        return try await gate.run {
            let all = try await backend.instances(owner: nil)
            guard all.count < configuration.maxInstances else {
                throw Allocator.GlobalLimitExceeded(limit: Int32(clamping: configuration.maxInstances))
            }
            guard all.filter({ $0.ownerHash == user.ownerHash }).count < configuration.maxInstancesPerUser else {
                throw Allocator.LimitExceeded(limit: Int32(clamping: configuration.maxInstancesPerUser))
            }
            var handle: String
            repeat {
                handle = "\(configuration.serverName)-\(String(format: "%08x", UInt32.random(in: 0...UInt32.max)))"
            } while all.contains { $0.handle == handle }
            let record = InstanceRecord(
                handle: handle, ownerHash: user.ownerHash, mountName: "\(configuration.mountPrefix)/\(handle)",
                blessingNames: backend.blessingNames(for: handle), creationTime: Date(), replicas: 1,
                version: configuration.serverVersion, state: .starting)
            let deployment = try render(record, user: user, callerNames: names)
            try await backend.create(record, deployment: deployment)
            logger.info("created", metadata: ["handle": "\(handle)", "owner": "\(user.identity)"])
            return handle
        }
    }

    public func destroy(handle: String, context: ServerCallContext) async throws {
        try await gate.run {
            _ = try await ownedInstance(handle, context: context)
            guard try await backend.destroy(handle) else { throw Allocator.NoExistOrNoAccess(handle: handle) }
            logger.info("destroyed", metadata: ["handle": "\(handle)"])
        }
    }

    public func list(context: ServerCallContext) async throws -> [Allocator.Instance] {
        guard let user = configuration.identityPattern.user(ofAny: context.remoteBlessingNames) else {
            throw Allocator.NoIdentity(pattern: configuration.identityPattern.text)
        }
        return try await backend.instances(owner: user.ownerHash)
            .sorted { ($0.creationTime, $0.handle) > ($1.creationTime, $1.handle) }
            .map(Self.wire)
    }

    public func suspend(handle: String, context: ServerCallContext) async throws {
        try await gate.run {
            _ = try await ownedInstance(handle, context: context)
            try await backend.scale(handle, replicas: 0)
        }
    }

    public func resume(handle: String, context: ServerCallContext) async throws {
        try await gate.run {
            _ = try await ownedInstance(handle, context: context)
            try await backend.scale(handle, replicas: 1)
        }
    }

    public func reset(handle: String, context: ServerCallContext) async throws {
        try await gate.run {
            _ = try await ownedInstance(handle, context: context)
            try await backend.reset(handle)
        }
    }

    // MARK: Helpers

    /// The instance if the caller owns it or is a global admin; else NoExistOrNoAccess, the
    /// same as for a handle that does not exist.
    private func ownedInstance(_ handle: String, context: ServerCallContext) async throws -> InstanceRecord {
        let names = context.remoteBlessingNames
        let owner = configuration.identityPattern.user(ofAny: names)?.ownerHash
        let admin = configuration.globalAdmins.contains { $0.matches(anyOf: names) && !names.isEmpty }
        guard let record = try await backend.instances(owner: nil).first(where: { $0.handle == handle }),
              admin || record.ownerHash == owner else {
            throw Allocator.NoExistOrNoAccess(handle: handle)
        }
        return record
    }

    /// The template filled in for `record`.
    func render(_ record: InstanceRecord, user: IdentityPattern.User, callerNames: [String]) throws -> RenderedDeployment {
        let accessList = Self.json(["In": configuration.globalAdmins.map(\.rawValue) + [user.identity]])
        let creatorInfo = Self.json(["email": user.value, "blessingNames": callerNames, "mountName": record.mountName] as [String: any Sendable])
        return try template.render([
            .Name: record.handle, .AccessList: accessList, .MountName: record.mountName,
            .CreatorInfo: creatorInfo, .OwnerHash: record.ownerHash, .Version: record.version,
        ])
    }

    private static func json(_ object: [String: any Sendable]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func wire(_ record: InstanceRecord) -> Allocator.Instance {
        let state: Allocator.State = switch record.state {
        case .starting: .starting
        case .running: .running
        case .suspended: .suspended
        case .failed: .failed
        }
        return Allocator.Instance(
            handle: record.handle, mountName: record.mountName, blessingNames: record.blessingNames,
            creationTime: Security.Time(record.creationTime), replicas: record.replicas, version: record.version,
            state: state)
    }
}

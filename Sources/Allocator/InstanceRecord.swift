import Foundation

/// What the allocator knows of an instance, whichever backend runs it.
public struct InstanceRecord: Sendable, Codable, Equatable {
    public var handle: String
    /// The hex SHA-256 of the owner's identity (the `ownerHash` label).
    public var ownerHash: String
    public var mountName: String
    public var blessingNames: [String]
    public var creationTime: Date
    public var replicas: Int32
    public var version: String
    public var state: State

    public enum State: String, Sendable, Codable {
        case starting, running, suspended, failed
    }

    public init(handle: String, ownerHash: String, mountName: String, blessingNames: [String], creationTime: Date,
                replicas: Int32, version: String, state: State) {
        self.handle = handle
        self.ownerHash = ownerHash
        self.mountName = mountName
        self.blessingNames = blessingNames
        self.creationTime = creationTime
        self.replicas = replicas
        self.version = version
        self.state = state
    }
}

/// Where instances run: local processes or Kubernetes. The allocator serializes the calls that
/// change instances, so a backend need not guard against concurrent changes of one instance.
public protocol InstanceBackend: Sendable {
    /// The blessing names an instance with `handle` will present.
    func blessingNames(for handle: String) -> [String]
    /// Creates and starts the instance; on failure nothing of it is left behind.
    func create(_ record: InstanceRecord, deployment: RenderedDeployment) async throws
    /// Removes the instance with its disk and secrets; false when it does not exist.
    func destroy(_ handle: String) async throws -> Bool
    /// Every instance, or those of one owner.
    func instances(owner: String?) async throws -> [InstanceRecord]
    /// Scales to `replicas` (0 suspends, 1 resumes).
    func scale(_ handle: String, replicas: Int32) async throws
    /// Recreates the instance's disk, empty, and restarts it.
    func reset(_ handle: String) async throws
}

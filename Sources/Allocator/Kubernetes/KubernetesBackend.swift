import ClusterAgent
import Foundation
import Kubernetes
import Logging
import VDLRPC
import VDLSecurity
import VKube
import VDLWire

/// Runs each instance on Kubernetes: a PersistentVolumeClaim for its disk (named after the
/// handle, which templates use as `claimName`), and, with a cluster agent, a cluster-agent
/// secret kept in a Kubernetes Secret with the pod agent injected into the Deployment as vkube
/// does, so that the instance's pods hold `<allocator's blessing>:<handle>:x`. The Deployment is
/// labelled with the owner's hash and carries the instance's record in annotations.
///
/// A failure at any step removes what the steps before created (and forgets the secret), so
/// nothing leaks; Destroy removes the Deployment, the Secret (forgetting the secret) and the claim.
public final class KubernetesBackend: InstanceBackend {
    /// How the backend gives instances their blessings.
    public struct ClusterAgentLink: Sendable {
        /// The agent, for NewSecret and ForgetSecret.
        public var client: Cluster.ClusterAgentAdmin.Client
        /// The agent's name or address as the pod agents reach it.
        public var address: String
        /// Blessings (text form) whose roots the pod agents recognize.
        public var rootBlessings: String
        public var podAgentImage: String

        public init(client: Cluster.ClusterAgentAdmin.Client, address: String, rootBlessings: String, podAgentImage: String) {
            self.client = client
            self.address = address
            self.rootBlessings = rootBlessings
            self.podAgentImage = podAgentImage
        }
    }

    public static let ownerLabel = "ownerHash"
    public static let serverLabel = "vdl.allocator/server"
    static let annotationPrefix = "vdl.allocator/"

    private let client: KubernetesClient
    private let namespace: String
    private let serverName: String
    private let diskSize: String
    private let principal: Principal
    private let clusterAgent: ClusterAgentLink?
    private let logger: Logger

    public init(client: KubernetesClient, namespace: String, serverName: String, diskSize: String, principal: Principal,
                clusterAgent: ClusterAgentLink?, logger: Logger = Logger(label: "allocatord.kubernetes")) {
        self.client = client
        self.namespace = namespace
        self.serverName = serverName
        self.diskSize = diskSize
        self.principal = principal
        self.clusterAgent = clusterAgent
        self.logger = logger
    }

    public func blessingNames(for handle: String) -> [String] {
        guard clusterAgent != nil else { return [] }
        return principal.blessingStore.defaultBlessings.names.map { "\($0):\(handle):x" }
    }

    public func create(_ record: InstanceRecord, deployment rendered: RenderedDeployment) async throws {
        var undo: [@Sendable () async -> Void] = []
        do {
            let labels = [Self.ownerLabel: record.ownerHash, Self.serverLabel: serverName]
            _ = try await client.persistentVolumeClaims(namespace: namespace).create(claim(record.handle, labels: labels))
            undo.append { [client, namespace] in try? await client.persistentVolumeClaims(namespace: namespace).delete(record.handle) }

            var deployment = Deployment(json: try JSONValue(jsonData: rendered.json))
            var annotations = try Self.annotations(record)
            if let clusterAgent {
                let grant = Grant(extension: record.handle, with: principal.blessingStore.defaultBlessings)
                let secret = try await clusterAgent.client.newSecret(options: CallOptions(timeout: .seconds(30), grant: grant))
                undo.append { try? await clusterAgent.client.forgetSecret(secret: secret, options: CallOptions(timeout: .seconds(30))) }
                let secretName = "secret-" + (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
                let injection = PodAgentInjection(clusterAgent: clusterAgent.address, rootBlessings: clusterAgent.rootBlessings,
                                                  image: clusterAgent.podAgentImage, secretName: secretName)
                var object = injection.secret(namespace: namespace, holding: secret)
                object.json[path: "metadata", "labels"] = .object(labels.mapValues(JSONValue.string))
                _ = try await client.secrets(namespace: namespace).create(object)
                undo.append { [client, namespace] in try? await client.secrets(namespace: namespace).delete(secretName) }
                deployment = try injection.apply(to: deployment)
                annotations[Self.annotationPrefix + "secret"] = secretName
            }
            deployment.json[path: "metadata", "name"] = .string(record.handle)
            deployment.json[path: "metadata", "namespace"] = .string(namespace)
            deployment.json[path: "metadata", "labels"] = .object(deployment.labels.merging(labels) { $1 }.mapValues(JSONValue.string))
            deployment.json[path: "metadata", "annotations"] = .object(deployment.annotations.merging(annotations) { $1 }.mapValues(JSONValue.string))
            deployment.json[path: "spec", "replicas"] = .integer(Int64(record.replicas))
            _ = try await client.deployments(namespace: namespace).create(deployment)
        } catch {
            logger.error("cannot create \(record.handle), removing what was made: \(error)")
            for step in undo.reversed() { await step() }
            throw AllocatorError.backend("cannot create instance \(record.handle) on Kubernetes: \(error)")
        }
    }

    public func destroy(_ handle: String) async throws -> Bool {
        guard let deployment = try await client.deployments(namespace: namespace).getIfPresent(handle),
              deployment.labels[Self.serverLabel] == serverName else { return false }
        try await client.deployments(namespace: namespace).delete(handle, propagationPolicy: .foreground)
        if let secretName = deployment.annotations[Self.annotationPrefix + "secret"] {
            if let secret = try await client.secrets(namespace: namespace).getIfPresent(secretName),
               let value = secret.decodedData[PodAgentInjection.secretKey], let clusterAgent {
                do {
                    try await clusterAgent.client.forgetSecret(secret: String(decoding: value, as: UTF8.self), options: CallOptions(timeout: .seconds(30)))
                } catch {
                    logger.warning("cannot forget the cluster-agent secret of \(handle): \(error)")
                }
            }
            try await deleteIfPresent(client.secrets(namespace: namespace), secretName)
        }
        try await deleteIfPresent(client.persistentVolumeClaims(namespace: namespace), handle)
        return true
    }

    public func instances(owner: String?) async throws -> [InstanceRecord] {
        var labels = [Self.serverLabel: serverName]
        if let owner { labels[Self.ownerLabel] = owner }
        return try await client.deployments(namespace: namespace).list(labelSelector: LabelSelector(matching: labels)).items
            .compactMap(Self.record)
    }

    public func scale(_ handle: String, replicas: Int32) async throws {
        _ = try await client.deployments(namespace: namespace).scale(handle, replicas: Int(replicas))
    }

    public func reset(_ handle: String) async throws {
        guard let deployment = try await client.deployments(namespace: namespace).getIfPresent(handle) else {
            throw AllocatorError.backend("no instance \(handle)")
        }
        let replicas = deployment.replicas ?? 1
        _ = try await client.deployments(namespace: namespace).scale(handle, replicas: 0)
        try await deleteIfPresent(client.persistentVolumeClaims(namespace: namespace), handle)
        _ = try await client.persistentVolumeClaims(namespace: namespace)
            .create(claim(handle, labels: deployment.labels.filter { [Self.ownerLabel, Self.serverLabel].contains($0.key) }))
        _ = try await client.deployments(namespace: namespace).scale(handle, replicas: replicas)
    }

    // MARK: Objects

    private func claim(_ handle: String, labels: [String: String]) -> PersistentVolumeClaim {
        PersistentVolumeClaim(json: [
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": ["name": .string(handle), "namespace": .string(namespace), "labels": .object(labels.mapValues(JSONValue.string))],
            "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": .string(diskSize)]]],
        ])
    }

    private func deleteIfPresent<Object>(_ resources: ResourceClient<Object>, _ name: String) async throws {
        do {
            try await resources.delete(name)
        } catch let error as KubernetesError where error.reason == .notFound {
            return
        }
    }

    /// The record's fields as annotations (`vdl.allocator/...`).
    static func annotations(_ record: InstanceRecord) throws -> [String: String] {
        [
            annotationPrefix + "mount-name": record.mountName,
            annotationPrefix + "blessing-names": record.blessingNames.joined(separator: ","),
            annotationPrefix + "creation-time": Date.preciseFormatter.string(from: record.creationTime),
            annotationPrefix + "version": record.version,
        ]
    }

    /// The record a Deployment carries; nil for one the allocator did not make.
    static func record(_ deployment: Deployment) -> InstanceRecord? {
        let annotations = deployment.annotations
        guard let handle = deployment.name, let owner = deployment.labels[ownerLabel],
              let created = annotations[annotationPrefix + "creation-time"].flatMap(Date.preciseFormatter.date(from:)) else { return nil }
        let replicas = Int32(clamping: deployment.replicas ?? 1)
        let status = deployment.status
        let state: InstanceRecord.State = replicas == 0 ? .suspended
            : status.availableReplicas >= Int(replicas) ? .running : .starting
        return InstanceRecord(
            handle: handle, ownerHash: owner, mountName: annotations[annotationPrefix + "mount-name"] ?? "",
            blessingNames: (annotations[annotationPrefix + "blessing-names"] ?? "").split(separator: ",").map(String.init),
            creationTime: created, replicas: replicas, version: annotations[annotationPrefix + "version"] ?? "", state: state)
    }
}

import Foundation
import Kubernetes

/// Adds the pod agent to a Deployment, as vkube and the allocator's Kubernetes backend do:
///
/// * volumes `agent-logs` (emptyDir), `agent-secret` (the Kubernetes Secret holding the
///   cluster-agent secret) and `agent-socket` (emptyDir);
/// * on every container of the pod: the `agent-socket` volume at `/agent/socket` and
///   `VDL_AGENT_PATH=/agent/socket/agent.sock`, so that its commands use the pod agent's
///   principal (docs/cluster.md);
/// * a `pod-agent` container running `pod_agentd` with the secret, the cluster agent's
///   address and the root blessings, and a liveness probe that checks its socket exists.
public struct PodAgentInjection: Sendable {
    /// The cluster agent, as `pod_agentd --agent` takes it (a name or `/(pattern)@host:port`).
    public var clusterAgent: String
    /// Blessings (text form) whose roots the pod agent recognizes before it seeks its own.
    public var rootBlessings: String
    /// The image of the `pod-agent` container.
    public var image: String
    /// The Kubernetes Secret that holds the cluster-agent secret under the key `secret`.
    public var secretName: String

    public static let containerName = "pod-agent"
    public static let socketDirectory = "/agent/socket"
    public static let socketPath = "/agent/socket/agent.sock"
    public static let secretDirectory = "/agent/secret"
    /// The key of the cluster-agent secret in the Kubernetes Secret.
    public static let secretKey = "secret"
    static let volumeNames = ["agent-logs", "agent-secret", "agent-socket"]

    public init(clusterAgent: String, rootBlessings: String, image: String, secretName: String) {
        self.clusterAgent = clusterAgent
        self.rootBlessings = rootBlessings
        self.image = image
        self.secretName = secretName
    }

    /// Why a Deployment cannot take the pod agent.
    public struct InjectionError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "cannot add the pod agent: \(reason)" }
    }

    /// The Deployment with the pod agent added; it must have containers and no pod agent yet.
    public func apply(to deployment: Deployment) throws -> Deployment {
        var json = deployment.json
        guard var containers = json[path: "spec", "template", "spec", "containers"]?.arrayValue, !containers.isEmpty else {
            throw InjectionError(reason: "the Deployment has no containers (spec.template.spec.containers)")
        }
        var volumes = json[path: "spec", "template", "spec", "volumes"]?.arrayValue ?? []
        if containers.contains(where: { $0["name"]?.stringValue == Self.containerName }) {
            throw InjectionError(reason: "it already has a container named \(Self.containerName)")
        }
        if let taken = volumes.compactMap({ $0["name"]?.stringValue }).first(where: Self.volumeNames.contains) {
            throw InjectionError(reason: "it already has a volume named \(taken)")
        }
        for index in containers.indices {
            var env = containers[index]["env"]?.arrayValue ?? []
            env.removeAll { $0["name"]?.stringValue == "VDL_AGENT_PATH" }
            env.append(.object(["name": .string("VDL_AGENT_PATH"), "value": .string(Self.socketPath)]))
            containers[index]["env"] = .array(env)
            var mounts = containers[index]["volumeMounts"]?.arrayValue ?? []
            mounts.append(Self.mount("agent-socket", at: Self.socketDirectory))
            containers[index]["volumeMounts"] = .array(mounts)
        }
        containers.append(podAgentContainer)
        volumes += [
            .object(["name": .string("agent-logs"), "emptyDir": .object([:])]),
            .object(["name": .string("agent-secret"), "secret": .object(["secretName": .string(secretName)])]),
            .object(["name": .string("agent-socket"), "emptyDir": .object([:])]),
        ]
        json[path: "spec", "template", "spec", "containers"] = .array(containers)
        json[path: "spec", "template", "spec", "volumes"] = .array(volumes)
        return Deployment(json: json)
    }

    /// The Kubernetes Secret that carries the cluster-agent secret to the pod agent.
    public func secret(named name: String? = nil, namespace: String?, holding secret: String) -> Secret {
        var object = Secret(json: .object([
            "apiVersion": .string("v1"), "kind": .string("Secret"),
            "metadata": .object(["name": .string(name ?? secretName)]),
            "type": .string("Opaque"),
        ]))
        if let namespace { object.json[path: "metadata", "namespace"] = .string(namespace) }
        object.data = [Self.secretKey: Array(secret.utf8)]
        return object
    }

    var podAgentContainer: JSONValue {
        .object([
            "name": .string(Self.containerName),
            "image": .string(image),
            "command": .array([.string("pod_agentd")]),
            "args": .array([
                .string("--agent=\(clusterAgent)"),
                .string("--root-blessings=\(rootBlessings)"),
                .string("--secret-key-file=\(Self.secretDirectory)/\(Self.secretKey)"),
                .string("--socket-path=\(Self.socketPath)"),
            ]),
            "volumeMounts": .array([
                Self.mount("agent-logs", at: "/logs"),
                Self.mount("agent-secret", at: Self.secretDirectory, readOnly: true),
                Self.mount("agent-socket", at: Self.socketDirectory),
            ]),
            "livenessProbe": .object([
                "exec": .object(["command": .array(["test", "-S", .string(Self.socketPath)])]),
                "initialDelaySeconds": .integer(5),
                "periodSeconds": .integer(10),
            ]),
        ])
    }

    private static func mount(_ name: String, at path: String, readOnly: Bool = false) -> JSONValue {
        var mount: [String: JSONValue] = ["name": .string(name), "mountPath": .string(path)]
        if readOnly { mount["readOnly"] = .bool(true) }
        return .object(mount)
    }
}

import Foundation
import Kubernetes
import VDLSecurity

/// `vkube.cfg`: which cluster vkube works on, how the cluster agent is deployed and which image
/// the pod agent runs.
///
/// ```json
/// {
///   "context": "prod",
///   "clusterAgent": {
///     "namespace": "vdl", "image": "registry.example/cluster-agent:1", "cpu": "100m",
///     "memory": "64Mi", "blessing": "root:ops:prod", "admin": "root:ops",
///     "externalIP": "203.0.113.7", "persistentVolumeClaim": "cluster-agent-data"
///   },
///   "podAgent": { "image": "registry.example/pod-agent:1" }
/// }
/// ```
///
/// Unknown fields are kept by ``VKubeConfig/updateImages(atPath:clusterAgentImage:podAgentImage:)``.
public struct VKubeConfig: Sendable, Hashable, Codable {
    /// The kubeconfig context to use (`cluster` is accepted as another name for it); the
    /// kubeconfig's current context when unset.
    public var context: String?
    /// Where and how the cluster agent runs.
    public var clusterAgent: ClusterAgent
    /// The pod agent added to every app started with blessings.
    public var podAgent: PodAgent

    /// The `clusterAgent` section.
    public struct ClusterAgent: Sendable, Hashable, Codable {
        /// The Kubernetes namespace of the cluster agent's Deployment and Service; the
        /// kubeconfig's namespace when unset.
        public var namespace: String?
        /// The image with `cluster_agentd`.
        public var image: String?
        /// The CPU request of the cluster agent's container (e.g. `100m`).
        public var cpu: String?
        /// The memory request of the cluster agent's container (e.g. `64Mi`).
        public var memory: String?
        /// The cluster agent's blessing, e.g. `root:ops:prod`: pod agents and vkube pin it, and
        /// `claim-cluster-agent` grants it.
        public var blessing: String?
        /// The blessing pattern that administers the agent (its `--permissions` Admin and
        /// `--claimer`), e.g. `root:ops`.
        public var admin: String?
        /// The external IP of the cluster agent's Service; vkube calls the agent there.
        public var externalIP: String?
        /// An existing PersistentVolumeClaim for the agent's `--root-dir`; without one the
        /// secrets live in an emptyDir and are lost with the pod.
        public var persistentVolumeClaim: String?
        /// A ClusterIP Service only, reachable from inside the cluster.
        public var internalOnly: Bool?
        /// The port of the agent and its Service (default 8193).
        public var port: Int?

        /// A section with the given fields (all optional).
        public init(
            namespace: String? = nil, image: String? = nil, cpu: String? = nil, memory: String? = nil,
            blessing: String? = nil, admin: String? = nil, externalIP: String? = nil,
            persistentVolumeClaim: String? = nil, internalOnly: Bool? = nil, port: Int? = nil
        ) {
            self.namespace = namespace
            self.image = image
            self.cpu = cpu
            self.memory = memory
            self.blessing = blessing
            self.admin = admin
            self.externalIP = externalIP
            self.persistentVolumeClaim = persistentVolumeClaim
            self.internalOnly = internalOnly
            self.port = port
        }
    }

    /// The `podAgent` section.
    public struct PodAgent: Sendable, Hashable, Codable {
        /// The image with `pod_agentd`.
        public var image: String?

        /// A section with the given image.
        public init(image: String? = nil) { self.image = image }
    }

    /// The default port of the cluster agent.
    public static let defaultClusterAgentPort = 8193

    /// A configuration with the given sections.
    public init(context: String? = nil, clusterAgent: ClusterAgent = ClusterAgent(), podAgent: PodAgent = PodAgent()) {
        self.context = context
        self.clusterAgent = clusterAgent
        self.podAgent = podAgent
    }

    enum CodingKeys: String, CodingKey {
        case context, cluster, clusterAgent, podAgent
    }

    /// Decodes `vkube.cfg`, taking `cluster` for `context` when `context` is absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        context = try container.decodeIfPresent(String.self, forKey: .context)
            ?? container.decodeIfPresent(String.self, forKey: .cluster)
        clusterAgent = try container.decodeIfPresent(ClusterAgent.self, forKey: .clusterAgent) ?? ClusterAgent()
        podAgent = try container.decodeIfPresent(PodAgent.self, forKey: .podAgent) ?? PodAgent()
    }

    /// Encodes the configuration (the context as `context`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(context, forKey: .context)
        try container.encode(clusterAgent, forKey: .clusterAgent)
        try container.encode(podAgent, forKey: .podAgent)
    }

    /// Reads `path`; a missing, unreadable or malformed file is a ``VKubeError`` naming the
    /// file and, for a wrong field, the field.
    public static func load(atPath path: String) throws -> VKubeConfig {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw VKubeError("cannot read the vkube configuration \(path): \(Self.reason(error))")
        }
        do {
            return try JSONDecoder().decode(VKubeConfig.self, from: data)
        } catch let error as DecodingError {
            throw VKubeError("the vkube configuration \(path) is invalid: \(Self.describe(error))")
        } catch {
            throw VKubeError("the vkube configuration \(path) is invalid: \(error)")
        }
    }

    /// The value of a required field, or an error naming it.
    public static func required(_ value: String?, _ field: String, in path: String) throws -> String {
        guard let value, !value.isEmpty else {
            throw VKubeError("\(field) is not set in the vkube configuration \(path)")
        }
        return value
    }

    /// Sets the images of the cluster agent and of the pod agent in the file at `path` (a value
    /// starting with `:` replaces only the tag of the current image), keeping every other field,
    /// and replaces the file atomically. Returns the new configuration.
    @discardableResult
    public static func updateImages(atPath path: String, clusterAgentImage: String?, podAgentImage: String?) throws -> VKubeConfig {
        _ = try load(atPath: path)  // Refuse to rewrite a file vkube cannot read.
        var json: JSONValue
        do {
            json = try JSONValue(jsonData: try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw VKubeError("the vkube configuration \(path) is invalid: \(error)")
        }
        for (section, value) in [("clusterAgent", clusterAgentImage), ("podAgent", podAgentImage)] {
            guard let value else { continue }
            let current = json[path: section, "image"]?.stringValue
            json[path: section, "image"] = .string(try replacingImage(current, with: value, field: "\(section).image", in: path))
        }
        let pretty = try JSONSerialization.data(
            withJSONObject: try JSONSerialization.jsonObject(with: try json.jsonData()),
            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try AtomicFile.write(Array(pretty) + [UInt8(ascii: "\n")], to: path, mode: 0o644)
        return try load(atPath: path)
    }

    /// `value` itself, or, when it starts with `:`, `current` with its tag replaced.
    public static func replacingImage(_ current: String?, with value: String, field: String = "image", in path: String = "") throws -> String {
        guard value.hasPrefix(":") else { return value }
        guard value.count > 1 else { throw VKubeError("the tag \(value) of \(field) is empty") }
        guard let current, !current.isEmpty else {
            throw VKubeError("cannot replace the tag of \(field): it is not set\(path.isEmpty ? "" : " in \(path)")")
        }
        let lastSlash = current.lastIndex(of: "/")
        let repository: Substring
        if let colon = current.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            repository = current[..<colon]
        } else {
            repository = current[...]
        }
        return String(repository) + value
    }

    static func describe(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String {
            let joined = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return joined.hasPrefix(".") ? String(joined.dropFirst()) : joined
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "field \(field(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "field \(field(context.codingPath)): expected \(type), found null"
        case .keyNotFound(let key, let context):
            return "field \(field(context.codingPath + [key])) is missing"
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { ": \($0.localizedDescription)" } ?? ""
            return context.codingPath.isEmpty
                ? "not JSON\(underlying)" : "field \(field(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSCocoaErrorDomain && nsError.code == NSFileReadNoSuchFileError {
            return "no such file"
        }
        return nsError.localizedDescription
    }
}

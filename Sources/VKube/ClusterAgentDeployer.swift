import Foundation
import Kubernetes

/// `vkube start-cluster-agent`, `stop-cluster-agent`, `update-cluster-agent` and
/// `claim-cluster-agent`: the cluster agent as a Deployment and a Service named
/// `cluster-agent` in the configured namespace.
///
/// The Deployment runs one `cluster_agentd` (container `cluster-agent`) listening on
/// `0.0.0.0:<port>` with `--root-dir /data` on the configured PersistentVolumeClaim (an
/// emptyDir without one), `--permissions` giving Admin to `clusterAgent.admin` and
/// `--claimer` set to it: the agent makes its own credentials on the volume and waits to be
/// claimed (`claim-cluster-agent` grants it `clusterAgent.blessing`) — or, started with
/// credentials, reads them from the Kubernetes Secret `cluster-agent-credentials` mounted at
/// `/credentials` and needs no claim. The Service is a
/// LoadBalancer on `clusterAgent.externalIP` (when set), or a ClusterIP service when
/// `clusterAgent.internalOnly` is true.
public struct ClusterAgentDeployer: Sendable {
    /// The name of the Deployment, the Service, the container and the `app` label.
    public static let name = "cluster-agent"
    /// Where the agent's volume is mounted (its `--root-dir`).
    public static let rootDirectory = "/data"
    /// The Kubernetes Secret holding the agent's credentials, when it is started with them.
    public static let credentialsSecretName = "cluster-agent-credentials"
    /// Where that Secret is mounted (its `--credentials`).
    public static let credentialsDirectory = "/credentials"

    /// The Kubernetes API.
    public let client: KubernetesClient
    /// The vkube configuration.
    public let config: VKubeConfig
    /// Where the configuration was read from (for messages).
    public let configPath: String
    /// Receives the lines vkube prints.
    public let output: @Sendable (String) -> Void
    /// How often `--wait` reads the Deployment.
    public var pollInterval: Duration = .seconds(1)

    /// A deployer of the cluster agent on `client`'s cluster, configured by `config` (read
    /// from `configPath`), printing through `output`.
    public init(client: KubernetesClient, config: VKubeConfig, configPath: String, output: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.config = config
        self.configPath = configPath
        self.output = output
    }

    /// The namespace of the agent: the configured one, else the kubeconfig's.
    public var namespace: String { config.clusterAgent.namespace ?? client.configuration.namespace }

    var port: Int { config.clusterAgent.port ?? VKubeConfig.defaultClusterAgentPort }

    /// The Deployment of the agent, as `start-cluster-agent` creates it: with `credentials`,
    /// reading them from ``credentialsSecretName``; else making its own and waiting for a claim.
    public func deployment(credentials: Bool = false) throws -> Deployment {
        let agent = config.clusterAgent
        let image = try VKubeConfig.required(agent.image, "clusterAgent.image", in: configPath)
        let admin = try VKubeConfig.required(agent.admin, "clusterAgent.admin", in: configPath)
        let permissions = try JSONValue.object(["Admin": ["In": [.string(admin)]]]).jsonData()
        var container: JSONValue = [
            "name": .string(Self.name),
            "image": .string(image),
            "command": ["cluster_agentd"],
            "args": [
                .string("--root-dir=\(Self.rootDirectory)"),
                .string("--address=0.0.0.0:\(port)"),
                .string("--permissions=\(String(decoding: permissions, as: UTF8.self))"),
                .string(credentials ? "--credentials=\(Self.credentialsDirectory)" : "--claimer=\(admin)"),
            ],
            "ports": [["name": "vdl", "containerPort": .integer(Int64(port)), "protocol": "TCP"]],
            "volumeMounts": [["name": "data", "mountPath": .string(Self.rootDirectory)]],
            "readinessProbe": ["tcpSocket": ["port": .integer(Int64(port))], "periodSeconds": 10],
        ]
        var requests: [String: JSONValue] = [:]
        if let cpu = agent.cpu { requests["cpu"] = .string(cpu) }
        if let memory = agent.memory { requests["memory"] = .string(memory) }
        if !requests.isEmpty { container["resources"] = ["requests": .object(requests)] }
        let volume: JSONValue =
            if let claim = agent.persistentVolumeClaim {
                ["name": "data", "persistentVolumeClaim": ["claimName": .string(claim)]]
            } else {
                ["name": "data", "emptyDir": [:]]
            }
        var volumes = [volume]
        if credentials {
            container["volumeMounts"] = [
                ["name": "data", "mountPath": .string(Self.rootDirectory)],
                ["name": "credentials", "mountPath": .string(Self.credentialsDirectory), "readOnly": true],
            ]
            // The private key readable by its owner only (0400).
            volumes.append(["name": "credentials", "secret": ["secretName": .string(Self.credentialsSecretName), "defaultMode": 256]])
        }
        var deployment = Deployment(name: Self.name, namespace: namespace)
        deployment.labels = ["app": Self.name]
        deployment.replicas = 1
        deployment.selectorLabels = ["app": Self.name]
        // One agent at a time owns the volume: stop the old pod before starting the new one.
        deployment.json[path: "spec", "strategy"] = ["type": "Recreate"]
        deployment.template = [
            "metadata": ["labels": ["app": .string(Self.name)]],
            "spec": ["containers": [container], "volumes": .array(volumes)],
        ]
        return deployment
    }

    /// The Kubernetes Secret ``credentialsSecretName`` holding the files of the credentials
    /// directory `path` (as `principal create` makes it: a flat directory of files).
    public func credentialsSecret(fromDirectory path: String) throws -> Secret {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw VKubeError("cannot read the credentials directory \(path): \(VKubeConfig.reason(error))")
        }
        var data: [String: [UInt8]] = [:]
        for name in names {
            let file = (path as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw VKubeError("the credentials directory \(path) holds a directory, \(name): a Secret holds files only")
            }
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw VKubeError("cannot read \(file)")
            }
            data[name] = Array(contents)
        }
        guard data.keys.contains(where: { $0.hasPrefix("privatekey") }) else {
            throw VKubeError("\(path) is not a credentials directory: it has no private key")
        }
        var secret = Secret(name: Self.credentialsSecretName, namespace: namespace)
        secret.labels = ["app": Self.name]
        secret.type = "Opaque"
        secret.data = data
        return secret
    }

    /// The Service of the agent, as `start-cluster-agent` creates it.
    public func service() -> Service {
        var service = Service(name: Self.name, namespace: namespace)
        service.labels = ["app": Self.name]
        service.selector = ["app": Self.name]
        service.addPort(name: "vdl", port: port, targetPort: port)
        if config.clusterAgent.internalOnly == true {
            service.type = "ClusterIP"
        } else {
            service.type = "LoadBalancer"
            if let ip = config.clusterAgent.externalIP {
                service.json[path: "spec", "loadBalancerIP"] = .string(ip)
            }
        }
        return service
    }

    /// Creates the agent's Deployment and Service (and, with `credentialsDirectory`, the
    /// Secret of its credentials); a running agent is refused.
    public func start(wait: Duration? = nil, credentialsDirectory: String? = nil) async throws {
        let deployments = client.deployments(namespace: namespace)
        let deployment = try deployment(credentials: credentialsDirectory != nil)
        let credentials = try credentialsDirectory.map(credentialsSecret(fromDirectory:))
        if try await deployments.getIfPresent(Self.name) != nil {
            throw VKubeError("the cluster agent is already running: deployment \(Self.name) exists in namespace \(namespace)")
        }
        let secrets = client.secrets(namespace: namespace)
        if let credentials {
            do {
                if var existing = try await secrets.getIfPresent(Self.credentialsSecretName) {
                    existing.data = credentials.data
                    _ = try await secrets.replace(existing)
                } else {
                    _ = try await secrets.create(credentials)
                }
            } catch {
                throw VKubeError("cannot store the credentials in secret \(Self.credentialsSecretName) in namespace \(namespace): \(error)")
            }
        }
        do {
            _ = try await deployments.create(deployment)
        } catch {
            if credentials != nil { try? await secrets.delete(Self.credentialsSecretName) }
            if let error = error as? KubernetesError, error.reason == .alreadyExists {
                throw VKubeError("the cluster agent is already running: deployment \(Self.name) exists in namespace \(namespace)")
            }
            throw VKubeError("cannot create deployment \(Self.name) in namespace \(namespace): \(error)")
        }
        let services = client.services(namespace: namespace)
        do {
            if try await services.getIfPresent(Self.name) == nil {
                _ = try await services.create(service())
            } else {
                output("warning: service \(Self.name) already exists in namespace \(namespace); it is kept")
            }
        } catch {
            try? await deployments.delete(Self.name, propagationPolicy: .background)
            throw VKubeError("cannot create service \(Self.name) in namespace \(namespace): \(error)")
        }
        output("Created deployment \(Self.name) and service \(Self.name) in namespace \(namespace)")
        if let wait {
            try await RolloutWaiter(deployments: deployments, pollInterval: pollInterval, output: output)
                .wait(Self.name, timeout: wait, rollBack: false)
        }
        if credentials == nil { output("Claim it with: vkube claim-cluster-agent") }
    }

    /// Deletes the agent's Deployment and Service, and the Secret of its credentials when there
    /// is one (the volume and the secrets stored on it stay).
    public func stop() async throws {
        let deployments = client.deployments(namespace: namespace)
        guard try await deployments.getIfPresent(Self.name) != nil else {
            throw VKubeError("the cluster agent is not running: there is no deployment \(Self.name) in namespace \(namespace)")
        }
        try await deployments.delete(Self.name, propagationPolicy: .background)
        do {
            try await client.services(namespace: namespace).delete(Self.name)
        } catch let error as KubernetesError where error.reason == .notFound {
            output("warning: service \(Self.name) in namespace \(namespace) was already gone")
        }
        output("Deleted deployment \(Self.name) and service \(Self.name) in namespace \(namespace)")
        if try await client.secrets(namespace: namespace).getIfPresent(Self.credentialsSecretName) != nil {
            try await client.secrets(namespace: namespace).delete(Self.credentialsSecretName)
            output("Deleted secret \(Self.credentialsSecretName) in namespace \(namespace)")
        }
    }

    /// Sets the agent's image to the configured one; with `wait`, follows the rollout and
    /// rolls back when it stalls.
    public func update(wait: Duration? = nil) async throws {
        let image = try VKubeConfig.required(config.clusterAgent.image, "clusterAgent.image", in: configPath)
        let deployments = client.deployments(namespace: namespace)
        guard var current = try await deployments.getIfPresent(Self.name) else {
            throw VKubeError("the cluster agent is not running: there is no deployment \(Self.name) in namespace \(namespace)")
        }
        var containers = current.containers
        guard let index = containers.firstIndex(where: { $0.name == Self.name }) else {
            throw VKubeError("deployment \(Self.name) in namespace \(namespace) has no container named \(Self.name)")
        }
        containers[index].image = image
        current.containers = containers
        _ = try await deployments.replace(current)
        output("Updated deployment \(Self.name) in namespace \(namespace) to image \(image)")
        if let wait {
            try await RolloutWaiter(deployments: deployments, pollInterval: pollInterval, output: output)
                .wait(Self.name, timeout: wait, rollBack: true)
        }
    }

    /// Claims the unclaimed agent at `address`: grants it `clusterAgent.blessing`, which must
    /// extend the caller's default blessing.
    public static func claim(
        agent: ClusterAgentConnection, config: VKubeConfig, configPath: String, output: @Sendable (String) -> Void
    ) async throws {
        let blessing = try VKubeConfig.required(config.clusterAgent.blessing, "clusterAgent.blessing", in: configPath)
        let names = agent.principal.blessingStore.defaultBlessings.names
        guard let base = names.first(where: { blessing.hasPrefix($0 + ":") }) else {
            throw VKubeError("clusterAgent.blessing \(blessing) in \(configPath) does not extend the caller's blessings (\(names.joined(separator: ", ")))")
        }
        let `extension` = String(blessing.dropFirst(base.count + 1))
        try await agent.claim(extension: `extension`)
        output("Claimed the cluster agent as \(blessing)")
    }
}

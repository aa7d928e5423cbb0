import Foundation
import Kubernetes
import VDLSecurity

/// `vkube start`, `update` and `stop`: an app's Deployment with the pod agent, the
/// cluster-agent secret behind it and the Kubernetes Secret that carries it.
///
/// The Kubernetes Secret an app uses (`secret-<32 hex>`, holding the cluster-agent secret under
/// the key `secret`) is recorded on its Deployment in the annotation ``secretAnnotation``, so
/// `update` and `stop` find it; the cluster-agent secret itself is only in that Secret.
public struct AppDeployer: Sendable {
    /// The annotation of a Deployment naming the Kubernetes Secret of its pod agent.
    public static let secretAnnotation = "vkube/secret"

    /// The Kubernetes API.
    public let client: KubernetesClient
    /// The vkube configuration.
    public let config: VKubeConfig
    /// Where the configuration was read from (for messages).
    public let configPath: String
    /// Opens the connection to the cluster agent when a call needs it.
    public let connect: @Sendable () async throws -> ClusterAgentConnection
    /// Receives the lines vkube prints.
    public let output: @Sendable (String) -> Void
    /// How often `--wait` reads the Deployment.
    public var pollInterval: Duration = .seconds(1)

    /// A deployer working on `client`'s cluster with `config` (read from `configPath`),
    /// calling the cluster agent through `connect` and printing through `output`.
    public init(
        client: KubernetesClient, config: VKubeConfig, configPath: String,
        connect: @escaping @Sendable () async throws -> ClusterAgentConnection,
        output: @escaping @Sendable (String) -> Void
    ) {
        self.client = client
        self.config = config
        self.configPath = configPath
        self.connect = connect
        self.output = output
    }

    /// The address pod agents use for the cluster agent: its Service inside the cluster,
    /// pinned to the configured blessing.
    public func podAgentClusterAgentAddress() throws -> String {
        let blessing = try VKubeConfig.required(config.clusterAgent.blessing, "clusterAgent.blessing", in: configPath)
        let namespace = config.clusterAgent.namespace ?? client.configuration.namespace
        let port = config.clusterAgent.port ?? VKubeConfig.defaultClusterAgentPort
        return "/(\(blessing))@\(ClusterAgentDeployer.name).\(namespace).svc:\(port)"
    }

    /// A new Kubernetes Secret name: `secret-` and 32 random hex digits.
    public static func newSecretName() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "secret-" + bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Starts the app of the Deployment in `file`: unless `noBlessings`, asks the cluster agent
    /// for a secret granting `<base blessings>:extension`, stores it in a new Kubernetes Secret
    /// and adds the pod agent; then creates the Deployment. On failure the secret is deleted
    /// and forgotten again. An app whose Deployment exists is refused.
    public func start(
        file: String, extension: String?, noBlessings: Bool = false, baseBlessings: String? = nil,
        wait: Duration? = nil
    ) async throws {
        let (app, name, namespace) = try Self.load(file, defaultNamespace: client.configuration.namespace)
        let deployments = client.deployments(namespace: namespace)
        if try await deployments.getIfPresent(name) != nil {
            throw VKubeError("app \(name) is already running: deployment \(name) exists in namespace \(namespace) (use vkube update to change it)")
        }
        if noBlessings {
            try await create(app, name: name, namespace: namespace)
            output("Created deployment \(name) in namespace \(namespace)")
        } else {
            guard let `extension`, !`extension`.isEmpty else {
                throw VKubeError("the blessing EXTENSION for \(name) is missing (or use --noblessings)")
            }
            let agent = try await connect()
            defer { Task { await agent.close() } }
            let base = try agent.baseBlessings(baseBlessings)
            let (deployment, secretName, secret) = try await withNewSecret(app, extension: `extension`, base: base, agent: agent, namespace: namespace)
            do {
                try await create(deployment, name: name, namespace: namespace)
            } catch {
                await discard(secretName: secretName, secret: secret, namespace: namespace, agent: agent)
                throw error
            }
            output("Created secret \(secretName) and deployment \(name) in namespace \(namespace)")
        }
        if let wait {
            try await RolloutWaiter(deployments: deployments, pollInterval: pollInterval, output: output)
                .wait(name, timeout: wait, rollBack: false)
        }
    }

    /// Replaces the app's Deployment with the one in `file`, keeping the pod agent. With an
    /// `extension`, the pod agent gets a new secret (a new blessing) and the previous one is
    /// forgotten once the update succeeded; without, it keeps its secret.
    public func update(file: String, extension: String?, baseBlessings: String? = nil, wait: Duration? = nil) async throws {
        let (app, name, namespace) = try Self.load(file, defaultNamespace: client.configuration.namespace)
        let deployments = client.deployments(namespace: namespace)
        guard let current = try await deployments.getIfPresent(name) else {
            throw VKubeError("app \(name) is not running: there is no deployment \(name) in namespace \(namespace) (use vkube start)")
        }
        let oldSecretName = current.annotations[Self.secretAnnotation]
        var deployment: Deployment
        var added: (name: String, secret: String, agent: ClusterAgentConnection)?
        if let `extension`, !`extension`.isEmpty {
            let agent = try await connect()
            let base = try agent.baseBlessings(baseBlessings)
            let (injected, secretName, secret) = try await withNewSecret(app, extension: `extension`, base: base, agent: agent, namespace: namespace)
            deployment = injected
            added = (secretName, secret, agent)
        } else if let oldSecretName {
            deployment = try keptInjection(of: current, secretName: oldSecretName).apply(to: app)
            deployment.annotations[Self.secretAnnotation] = oldSecretName
        } else {
            deployment = app
        }
        defer { if let agent = added?.agent { Task { await agent.close() } } }
        // Keep what others recorded on the Deployment (the controller's revision).
        deployment.annotations = current.annotations.merging(deployment.annotations) { _, new in new }
        deployment.resourceVersion = current.resourceVersion
        do {
            _ = try await deployments.replace(deployment)
        } catch {
            if let added { await discard(secretName: added.name, secret: added.secret, namespace: namespace, agent: added.agent) }
            throw VKubeError("cannot update deployment \(name) in namespace \(namespace): \(error)")
        }
        output("Updated deployment \(name) in namespace \(namespace)")
        if let wait {
            do {
                try await RolloutWaiter(deployments: deployments, pollInterval: pollInterval, output: output)
                    .wait(name, timeout: wait, rollBack: true)
            } catch let failure as RolloutWaiter.Failure {
                if let added, failure.rolledBack {
                    // The rollback brought back the old template: so is the old secret.
                    _ = try? await deployments.patch(name, ["metadata": ["annotations": [Self.secretAnnotation: oldSecretName.map(JSONValue.string) ?? .null]]])
                    await discard(secretName: added.name, secret: added.secret, namespace: namespace, agent: added.agent)
                } else if let added, let oldSecretName {
                    output("The deployment uses the new secret \(added.name); the previous one (\(oldSecretName)) is kept")
                }
                throw failure
            }
        }
        if let added, let oldSecretName {
            try await retire(secretName: oldSecretName, namespace: namespace, agent: added.agent)
            output("Forgot the previous secret and deleted secret \(oldSecretName)")
        }
    }

    /// Stops the app of the Deployment in `file`: deletes the Deployment, makes the cluster
    /// agent forget the app's secret and deletes its Kubernetes Secret.
    public func stop(file: String) async throws {
        let (_, name, namespace) = try Self.load(file, defaultNamespace: client.configuration.namespace)
        let deployments = client.deployments(namespace: namespace)
        guard let current = try await deployments.getIfPresent(name) else {
            throw VKubeError("app \(name) is not running: there is no deployment \(name) in namespace \(namespace)")
        }
        let secretName = current.annotations[Self.secretAnnotation]
        let agent: ClusterAgentConnection? = secretName == nil ? nil : try await connect()
        defer { if let agent { Task { await agent.close() } } }
        try await deployments.delete(name, propagationPolicy: .background)
        output("Deleted deployment \(name) in namespace \(namespace)")
        if let secretName, let agent {
            do {
                try await retire(secretName: secretName, namespace: namespace, agent: agent)
            } catch {
                throw VKubeError("deployment \(name) is deleted, but its secret is not retired: \(error)")
            }
            output("Forgot the secret and deleted secret \(secretName)")
        }
    }

    // MARK: - Steps

    static func load(_ file: String, defaultNamespace: String) throws -> (Deployment, String, String) {
        var app = try DeploymentFile.load(atPath: file)
        guard let name = app.name else { throw VKubeError("the deployment file \(file): metadata.name is missing") }
        let namespace = app.namespace ?? defaultNamespace
        app.namespace = namespace
        return (app, name, namespace)
    }

    private func create(_ deployment: Deployment, name: String, namespace: String) async throws {
        do {
            _ = try await client.deployments(namespace: namespace).create(deployment)
        } catch let error as KubernetesError where error.reason == .alreadyExists {
            throw VKubeError("app \(name) is already running: deployment \(name) exists in namespace \(namespace) (use vkube update to change it)")
        } catch {
            throw VKubeError("cannot create deployment \(name) in namespace \(namespace): \(error)")
        }
    }

    /// The app with the pod agent of a new secret: asks the agent for the secret and stores it
    /// in a new Kubernetes Secret (forgetting it again when that fails).
    private func withNewSecret(
        _ app: Deployment, extension: String, base: Blessings, agent: ClusterAgentConnection, namespace: String
    ) async throws -> (Deployment, String, String) {
        let image = try VKubeConfig.required(config.podAgent.image, "podAgent.image", in: configPath)
        let secretName = Self.newSecretName()
        let injection = PodAgentInjection(
            clusterAgent: try podAgentClusterAgentAddress(), rootBlessings: try base.base64URLEncoded(), image: image,
            secretName: secretName)
        var deployment: Deployment
        do {
            deployment = try injection.apply(to: app)
        } catch {
            throw VKubeError("deployment \(app.name ?? ""): \(error)")
        }
        deployment.annotations[Self.secretAnnotation] = secretName
        let secret = try await agent.newSecret(extension: `extension`, base: base)
        do {
            _ = try await client.secrets(namespace: namespace).create(injection.secret(namespace: namespace, holding: secret))
        } catch {
            _ = try? await agent.forgetSecret(secret)
            throw VKubeError("cannot create secret \(secretName) in namespace \(namespace): \(error)")
        }
        return (deployment, secretName, secret)
    }

    /// The injection of `current` (its pod agent's cluster agent and root blessings) with the
    /// configured pod agent image.
    private func keptInjection(of current: Deployment, secretName: String) throws -> PodAgentInjection {
        guard let container = current.containers.first(where: { $0.name == PodAgentInjection.containerName }) else {
            throw VKubeError("deployment \(current.name ?? "") records secret \(secretName) but has no \(PodAgentInjection.containerName) container")
        }
        func argument(_ flag: String) -> String? {
            container.args.first { $0.hasPrefix("--\(flag)=") }.map { String($0.dropFirst(flag.count + 3)) }
        }
        guard let agent = argument("agent"), let roots = argument("root-blessings") else {
            throw VKubeError("the \(PodAgentInjection.containerName) container of deployment \(current.name ?? "") lacks --agent or --root-blessings")
        }
        let image = config.podAgent.image ?? container.image ?? ""
        return PodAgentInjection(clusterAgent: agent, rootBlessings: roots, image: image, secretName: secretName)
    }

    /// Undoes a new secret: deletes its Kubernetes Secret and makes the agent forget it.
    private func discard(secretName: String, secret: String, namespace: String, agent: ClusterAgentConnection) async {
        do {
            try await client.secrets(namespace: namespace).delete(secretName)
        } catch {
            output("warning: cannot delete secret \(secretName) in namespace \(namespace): \(error)")
        }
        do {
            try await agent.forgetSecret(secret)
        } catch {
            output("warning: \(error)")
        }
    }

    /// Makes the agent forget the secret of the Kubernetes Secret `secretName`, then deletes it.
    private func retire(secretName: String, namespace: String, agent: ClusterAgentConnection) async throws {
        let secrets = client.secrets(namespace: namespace)
        guard let object = try await secrets.getIfPresent(secretName) else {
            output("warning: secret \(secretName) in namespace \(namespace) is already gone")
            return
        }
        guard let secret = object.string(forKey: PodAgentInjection.secretKey), !secret.isEmpty else {
            throw VKubeError("secret \(secretName) in namespace \(namespace) has no key \"\(PodAgentInjection.secretKey)\": cannot make the cluster agent forget it (it is kept)")
        }
        let known = try await agent.forgetSecret(secret)
        if !known {
            output("warning: the cluster agent did not know the secret of \(secretName) (already forgotten)")
        }
        try await secrets.delete(secretName)
    }
}

import Allocator
import ArgumentParser
import ClusterAgent
import Foundation
import Kubernetes
import Logging
import ServiceLifecycle
import VDLCommandLine
import VDLNaming
import VDLRPC
import VDLSecurity
import VDLTransport

/// `allocatord`: creates per-user instances of a service from a deployment template.
@main
struct AllocatorDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocatord",
        abstract: "Serve the allocator: per-user instances of a service, from a deployment template.",
        discussion: """
            Instances run as local processes (--backend local, the default without --kubeconfig) \
            with their state in --state-dir, or on Kubernetes (--backend kubernetes). Callers need \
            Read access (--permissions; default: every caller with a valid blessing name); their \
            identity comes from --identity-pattern.
            """)

    @OptionGroup var options: AllocatorOptions

    func run() async throws {
        var logger = Logger(label: "allocatord")
        logger.logLevel = options.logLevel
        let security = try await TransportSecurity.fromFlags(plaintext: false, credentials: options.credentials, ephemeralName: "allocatord")
        guard case .tls(let principal) = security else { throw ValidationError("the allocator needs TLS") }
        let running = try await options.start(principal: principal, logger: logger)
        if !options.usesGivenBlessings {
            logger.warning("no credentials and no --blessings-secret-file: the allocator is self-blessed \(principal.blessingStore.defaultBlessings), so instances are blessed under it")
        }
        print("Listening on \(running.address)")
        print("Blessings: \(principal.blessingStore.defaultBlessings)")
        fflush(nil)
        var services: [any ServiceLifecycle.Service] = [running.server]
        if let publisher = try options.publishing.publisher(serving: running.address, security: security, logger: logger) {
            services.append(publisher)
        }
        // The instances' processes stop with the allocator; the next one starts them again.
        do {
            try await ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
        } catch {
            await running.stop()
            throw error
        }
        await running.stop()
    }
}

/// The flags of allocatord, and what they build.
struct AllocatorOptions: ParsableArguments {
    @Option(help: "host:port or unix:PATH to listen on (port 0 picks a free port).")
    var address = "127.0.0.1:0"



    @OptionGroup var publishing: PublishingOptions

    @Option(help: "The credentials directory (default: $VDL_CREDENTIALS; none: a new in-memory principal).")
    var credentials: String?

    @Option(help: #"Who may call, as JSON or a file holding it (default: '{"Read": {"In": ["..."]}}')."#)
    var permissions: String?

    @Option(help: "The handle prefix: handles are <server-name>-<8 hex digits>.")
    var serverName = "instance"

    @Option(help: "The version of the service, given to templates as .Version.")
    var serverVersion = ""

    @Option(help: "The deployment template (JSON with {{.Field}} actions).")
    var deploymentTemplate: String

    @Option(help: "The most instances in all.")
    var maxInstances = 10

    @Option(help: "The most instances per user.")
    var maxInstancesPerUser = 1

    @Option(parsing: .singleValue, help: "A blessing pattern of a global admin (repeatable, or comma-separated).")
    var globalAdmins: [String] = []

    @Option(help: "Which blessing names identify a user; one element is a <placeholder>.")
    var identityPattern = "dev.v.io:u:<email>"

    @Option(help: "Instances publish themselves under <mount-prefix>/<handle> (default: the server name).")
    var mountPrefix: String?

    @Option(help: "Where the local backend keeps its instances (default: ~/.local/state/allocatord/<server-name>).")
    var stateDir: String?

    @Option(name: .customLong("command"), help: "For the local backend: run containers whose command is NAME with PATH instead (NAME=PATH, repeatable).")
    var commands: [String] = []

    @Option(help: "Where instances run: local (processes) or kubernetes (default: kubernetes with --kubeconfig, else local).")
    var backend: String?

    @Option(help: "The kubeconfig for --backend kubernetes (default: $KUBECONFIG, ~/.kube/config, or in-cluster).")
    var kubeconfig: String?

    @Option(help: "The Kubernetes namespace of the instances (default: the kubeconfig context's).")
    var namespace: String?

    @Option(help: "The size of each instance's disk (a PersistentVolumeClaim) on Kubernetes.")
    var serverDiskSize = "2Gi"

    @Option(help: "The cluster agent that blesses instances on Kubernetes (a name or /(pattern)@host:port).")
    var clusterAgent: String?

    @Option(help: "A file holding a cluster-agent secret for the allocator's own blessings.")
    var blessingsSecretFile: String?

    @Option(help: "The image of the pod agent injected into instances on Kubernetes.")
    var podAgentImage = "swift-vdl/pod-agent:latest"

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .notice

    func validate() throws {
        for pattern in admins where !pattern.isValid {
            throw ValidationError("--global-admins: \"\(pattern.rawValue)\" is not a valid blessing pattern")
        }
        guard maxInstances > 0, maxInstancesPerUser > 0 else { throw ValidationError("the instance limits must be positive") }
        for command in commands where commandParts(command) == nil {
            throw ValidationError("--command \(command): give NAME=PATH")
        }
    }

    /// NAME=PATH as (NAME, [PATH]); nil when either is empty.
    func commandParts(_ text: String) -> (String, [String])? {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (parts[0], [parts[1]])
    }

    var admins: [Access.BlessingPattern] {
        globalAdmins.flatMap { $0.split(separator: ",") }.map { Access.BlessingPattern(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }

    struct Running {
        let server: RPCServer
        let address: ServerAddress
        /// Stops what the backend runs in this process (the local backend's processes).
        let stop: @Sendable () async -> Void
    }

    /// Whether the allocator's blessings come from credentials or the cluster agent.
    var usesGivenBlessings: Bool {
        Principal.credentialsDirectory(flag: credentials) != nil || blessingsSecretFile != nil
    }

    /// Builds the allocator and binds its server.
    func start(principal: Principal, logger: Logger) async throws -> Running {
        let template = try DeploymentTemplate(path: deploymentTemplate)
        let roots = publishing.roots
        let names = try Namespace(roots: roots, security: .tls(principal))
        let agent = try clusterAgent.map { Cluster.ClusterAgentAdmin.Client(transport: try names.transport(for: $0)) }
        if let blessingsSecretFile {
            guard let agent else { throw ValidationError("--blessings-secret-file needs --cluster-agent") }
            guard let secret = FileManager.default.contents(atPath: blessingsSecretFile) else {
                throw ValidationError("cannot read --blessings-secret-file \(blessingsSecretFile)")
            }
            let text = String(decoding: secret, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            try principal.adopt(try Blessings(wire: try await agent.seekBlessings(secret: text, options: CallOptions(timeout: .seconds(30)))))
        }
        let backend: any InstanceBackend
        var stop: @Sendable () async -> Void = {}
        switch self.backend ?? (kubeconfig == nil ? "local" : "kubernetes") {
        case "local":
            let stateDirectory = stateDir ?? FileManager.default.homeDirectoryForCurrentUser.path + "/.local/state/allocatord/\(serverName)"
            let local = try LocalBackend(stateDirectory: stateDirectory, principal: principal,
                                         environment: roots.isEmpty ? [:] : [Namespace.rootsVariable: roots.joined(separator: ",")],
                                         commands: Dictionary(commands.compactMap(commandParts), uniquingKeysWith: { $1 }),
                                         logger: logger)
            try await local.recover()
            backend = local
            stop = { await local.stopAll() }
        case "kubernetes":
            let configuration = try KubernetesConfiguration.resolve(kubeconfigPath: kubeconfig)
            let client = try KubernetesClient(configuration: configuration)
            let link = try agent.map { agent in
                KubernetesBackend.ClusterAgentLink(
                    client: agent, address: clusterAgent ?? "", rootBlessings: try principal.blessingStore.defaultBlessings.base64URLEncoded(),
                    podAgentImage: podAgentImage)
            }
            if link == nil { logger.warning("no --cluster-agent: instances on Kubernetes get no blessings (no pod agent)") }
            backend = KubernetesBackend(client: client, namespace: namespace ?? configuration.namespace, serverName: serverName,
                                        diskSize: serverDiskSize, principal: principal, clusterAgent: link, logger: logger)
            stop = { try? await client.shutdown() }
        case let other:
            throw ValidationError("--backend \(other): give local or kubernetes")
        }
        let service = AllocatorService(
            configuration: .init(serverName: serverName, serverVersion: serverVersion, maxInstances: maxInstances,
                                 maxInstancesPerUser: maxInstancesPerUser, globalAdmins: admins,
                                 identityPattern: try IdentityPattern(identityPattern), mountPrefix: mountPrefix),
            template: template, backend: backend, logger: logger)
        let authorizer = PermissionsAuthorizer(try permissions.map(Access.permissions(flag:)) ?? ["Read": Access.AccessList(in: ["..."])])
        let server = RPCServer(services: [service.registration], security: .tls(principal), authorizer: authorizer, logger: logger)
        let bound = try await server.bind(to: ServerAddress(parsing: address))
        return Running(server: server, address: bound, stop: stop)
    }
}

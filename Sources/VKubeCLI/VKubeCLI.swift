import ArgumentParser
import ClusterAgent
import Foundation
import Kubernetes
import VDLCommandLine
import VDLNaming
import VDLSecurity
import VDLTransport
import VKube

/// `vkube`: apps on Kubernetes with blessings from the cluster agent (docs/vkube.md).
@main
struct VKubeCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vkube",
        abstract: "Run apps on Kubernetes with a pod agent that holds their blessings.",
        subcommands: [
            Start.self, Update.self, Stop.self, StartClusterAgent.self, StopClusterAgent.self,
            UpdateClusterAgent.self, ClaimClusterAgent.self, UpdateConfig.self, KubectlCommand.self,
        ])

    @OptionGroup var options: GlobalOptions
}

/// The flags every command takes, before or after the command's name.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The vkube configuration file (default: vkube.cfg).")
    var config: String?

    @Option(help: "The kubeconfig file (default: kubectl's lookup: $KUBECONFIG, ~/.kube/config, in-cluster).")
    var kubeconfig: String?

    @Flag(help: "Do not print the header naming the cluster.")
    var noHeaders = false

    @Option(help: "The cluster agent as vkube calls it: host:port or /(pattern)@host:port (default: /(clusterAgent.blessing)@clusterAgent.externalIP:port).")
    var clusterAgentAddress: String?

    @Option(help: "The credentials directory (default: $VDL_CREDENTIALS, else $VDL_AGENT_PATH).")
    var credentials: String?

    @Option(help: "Seconds a call to the cluster agent may take.")
    var timeout: Seconds?

    /// These options, each taken from `self` when given there, else from `parent`.
    func merged(over parent: GlobalOptions) -> GlobalOptions {
        var merged = self
        merged.config = config ?? parent.config
        merged.kubeconfig = kubeconfig ?? parent.kubeconfig
        merged.noHeaders = noHeaders || parent.noHeaders
        merged.clusterAgentAddress = clusterAgentAddress ?? parent.clusterAgentAddress
        merged.credentials = credentials ?? parent.credentials
        merged.timeout = timeout ?? parent.timeout
        return merged
    }

    var configPath: String { config ?? "vkube.cfg" }

    func loadConfig() throws -> VKubeConfig { try VKubeConfig.load(atPath: configPath) }

    /// Runs `body` with a client of the configured cluster, after printing the header.
    func withKubernetes<T: Sendable>(_ config: VKubeConfig, _ body: (KubernetesClient) async throws -> T) async throws -> T {
        let configuration = try KubernetesConfiguration.resolve(kubeconfigPath: kubeconfig, context: config.context)
        if !noHeaders {
            VKubeCLI.say("Cluster: \(configuration.server) (namespace \(configuration.namespace)\(config.context.map { ", context \($0)" } ?? ""))")
        }
        return try await KubernetesClient.withClient(configuration: configuration, body)
    }

    /// Where vkube calls the cluster agent.
    func clusterAgentAddress(_ config: VKubeConfig) throws -> String {
        if let clusterAgentAddress, !clusterAgentAddress.isEmpty { return clusterAgentAddress }
        guard let ip = config.clusterAgent.externalIP, !ip.isEmpty else {
            throw VKubeError(
                "the cluster agent's address is unknown: pass --cluster-agent-address or set clusterAgent.externalIP in \(configPath)")
        }
        let port = config.clusterAgent.port ?? VKubeConfig.defaultClusterAgentPort
        if let blessing = config.clusterAgent.blessing, !blessing.isEmpty {
            return "/(\(blessing))@\(ip):\(port)"
        }
        return "\(ip):\(port)"
    }

    /// A connection to the cluster agent as the caller's principal.
    func connect(_ config: VKubeConfig, unpinned: Bool = false) async throws -> ClusterAgentConnection {
        let address = try clusterAgentAddress(config)
        let security = try await TransportSecurity.fromFlags(plaintext: false, credentials: credentials, ephemeralName: "vkube")
        guard case .tls(let principal) = security else { throw VKubeError("the cluster agent needs TLS") }
        let target = unpinned ? ClusterAgentConnection.unpinned(address) : address
        let namespace = try Namespace(roots: Namespace.roots(flags: []), security: security)
        let client = Cluster.ClusterAgentAdmin.Client(transport: try namespace.transport(for: target))
        return ClusterAgentConnection(
            client: client, address: target, principal: principal, timeout: (timeout ?? 30).duration,
            onClose: { await namespace.close() })
    }
}

extension VKubeCLI {
    /// Prints a line on standard output, unbuffered.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Runs a command's body; a failure is printed as `vkube: ERROR` and exits 1.
    static func reportingErrors(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("vkube: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// `--wait-timeout`, checked.
    static func waitTimeout(_ text: String) throws -> Duration {
        guard let duration = WaitTimeout.parse(text) else {
            throw ValidationError("--wait-timeout \(text) is not a duration (e.g. 20m, 90s, 1h30m)")
        }
        return duration
    }
}

import ArgumentParser
import Foundation
import Kubernetes
import VKube

extension VKubeCLI {
    static func clusterAgent(_ options: GlobalOptions, _ config: VKubeConfig, _ client: KubernetesClient) -> ClusterAgentDeployer {
        var deployer = ClusterAgentDeployer(client: client, config: config, configPath: options.configPath, output: { VKubeCLI.say($0) })
        if let interval = ProcessInfo.processInfo.environment["VKUBE_POLL_INTERVAL_MS"].flatMap(Int64.init), interval > 0 {
            deployer.pollInterval = .milliseconds(interval)
        }
        return deployer
    }

    struct StartClusterAgent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the cluster agent (a Deployment and a Service).")
        @ParentCommand var parent: VKubeCLI
        @OptionGroup var global: GlobalOptions
        @OptionGroup var waiting: WaitOptions
        @Option(help: "The agent's credentials directory, stored in a Kubernetes Secret (default: none, the agent waits for claim-cluster-agent).")
        var agentCredentials: String?

        func run() async throws {
            try await VKubeCLI.reportingErrors {
                let options = global.merged(over: parent.options)
                let config = try options.loadConfig()
                let wait = try waiting.duration()
                try await options.withKubernetes(config) {
                    try await VKubeCLI.clusterAgent(options, config, $0).start(wait: wait, credentialsDirectory: agentCredentials)
                }
            }
        }
    }

    struct StopClusterAgent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the cluster agent (its volume and secrets stay).")
        @ParentCommand var parent: VKubeCLI
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await VKubeCLI.reportingErrors {
                let options = global.merged(over: parent.options)
                let config = try options.loadConfig()
                try await options.withKubernetes(config) { try await VKubeCLI.clusterAgent(options, config, $0).stop() }
            }
        }
    }

    struct UpdateClusterAgent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Roll the cluster agent out with the configured image.")
        @ParentCommand var parent: VKubeCLI
        @OptionGroup var global: GlobalOptions
        @OptionGroup var waiting: WaitOptions

        func run() async throws {
            try await VKubeCLI.reportingErrors {
                let options = global.merged(over: parent.options)
                let config = try options.loadConfig()
                let wait = try waiting.duration()
                try await options.withKubernetes(config) { try await VKubeCLI.clusterAgent(options, config, $0).update(wait: wait) }
            }
        }
    }

    struct ClaimClusterAgent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Claim the new cluster agent: grant it clusterAgent.blessing, an extension of the caller's blessing.")
        @ParentCommand var parent: VKubeCLI
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await VKubeCLI.reportingErrors {
                let options = global.merged(over: parent.options)
                let config = try options.loadConfig()
                let agent = try await options.connect(config, unpinned: true)
                defer { Task { await agent.close() } }
                try await ClusterAgentDeployer.claim(
                    agent: agent, config: config, configPath: options.configPath, output: { VKubeCLI.say($0) })
            }
        }
    }

    struct UpdateConfig: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the images in the vkube configuration (a value starting with ':' replaces only the tag).")
        @ParentCommand var parent: VKubeCLI
        @OptionGroup var global: GlobalOptions
        @Option(help: "The cluster agent's image, or :TAG.") var clusterAgentImage: String?
        @Option(help: "The pod agent's image, or :TAG.") var podAgentImage: String?

        func validate() throws {
            if clusterAgentImage == nil && podAgentImage == nil {
                throw ValidationError("nothing to update: give --cluster-agent-image or --pod-agent-image")
            }
        }

        func run() async throws {
            try await VKubeCLI.reportingErrors {
                let options = global.merged(over: parent.options)
                let config = try VKubeConfig.updateImages(
                    atPath: options.configPath, clusterAgentImage: clusterAgentImage, podAgentImage: podAgentImage)
                VKubeCLI.say("Updated \(options.configPath): clusterAgent.image \(config.clusterAgent.image ?? "unset"), podAgent.image \(config.podAgent.image ?? "unset")")
            }
        }
    }

    struct KubectlCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kubectl", abstract: "Run kubectl on the configured cluster: vkube kubectl -- ARGS.")
        @ParentCommand var parent: VKubeCLI
        @OptionGroup var global: GlobalOptions
        @Argument(parsing: .postTerminator, help: "The arguments of kubectl, after --.") var arguments: [String] = []

        func run() async throws {
            try await VKubeCLI.reportingErrors {
                let options = global.merged(over: parent.options)
                let config = try options.loadConfig()
                try Kubectl.exec(Kubectl.arguments(kubeconfig: options.kubeconfig, context: config.context, passing: arguments))
            }
        }
    }
}

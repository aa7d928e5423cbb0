import ArgumentParser
import Foundation
import Kubernetes
import VKube

extension VKubeCLI {
    /// The options of the commands that deploy an app.
    struct WaitOptions: ParsableArguments {
        @Flag(help: "Wait for the rollout, printing its progress.")
        var wait = false

        @Option(help: "With --wait: how long the rollout may make no progress before vkube gives up (and, on update, rolls back).")
        var waitTimeout = "20m"

        func validate() throws { _ = try VKubeCLI.waitTimeout(waitTimeout) }

        func duration() throws -> Duration? { wait ? try VKubeCLI.waitTimeout(waitTimeout) : nil }
    }

    static func deployer(_ options: GlobalOptions, _ config: VKubeConfig, _ client: KubernetesClient) -> AppDeployer {
        var deployer = AppDeployer(
            client: client, config: config, configPath: options.configPath,
            connect: { try await options.connect(config) }, output: { VKubeCLI.say($0) })
        if let interval = ProcessInfo.processInfo.environment["VKUBE_POLL_INTERVAL_MS"].flatMap(Int64.init), interval > 0 {
            deployer.pollInterval = .milliseconds(interval)
        }
        return deployer
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start an app: a secret for <blessings>:EXTENSION, the pod agent, the Deployment.")
        @ParentCommand var parent: VKubeCLI
        @OptionGroup var global: GlobalOptions
        @Option(name: [.customShort("f"), .long], help: "The Deployment (JSON).") var file: String
        @Argument(help: "The blessing extension of the app under the base blessings.") var `extension`: String?
        @OptionGroup var waiting: WaitOptions
        @Flag(name: .customLong("noblessings"), help: "Start the app without blessings: no secret, no pod agent.")
        var noBlessings = false
        @Option(help: "The blessings to extend (text form or a file holding it; default: the caller's default blessings).")
        var baseBlessings: String?

        func validate() throws {
            if noBlessings && `extension` != nil { throw ValidationError("--noblessings takes no EXTENSION") }
            if !noBlessings && `extension` == nil { throw ValidationError("Missing expected argument '<extension>' (or give --noblessings)") }
        }

        func run() async throws {
            try await VKubeCLI.reportingErrors {
                let options = global.merged(over: parent.options)
                let config = try options.loadConfig()
                let wait = try waiting.duration()
                try await options.withKubernetes(config) { client in
                    try await VKubeCLI.deployer(options, config, client).start(
                        file: file, extension: `extension`, noBlessings: noBlessings, baseBlessings: baseBlessings, wait: wait)
                }
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Update an app's Deployment; with EXTENSION, give its pod agent a new secret.")
        @ParentCommand var parent: VKubeCLI
        @OptionGroup var global: GlobalOptions
        @Option(name: [.customShort("f"), .long], help: "The Deployment (JSON).") var file: String
        @Argument(help: "A new blessing extension (a new secret); the app keeps its secret without one.") var `extension`: String?
        @OptionGroup var waiting: WaitOptions
        @Option(help: "With EXTENSION: the blessings to extend (default: the caller's default blessings).")
        var baseBlessings: String?

        func run() async throws {
            try await VKubeCLI.reportingErrors {
                let options = global.merged(over: parent.options)
                let config = try options.loadConfig()
                let wait = try waiting.duration()
                try await options.withKubernetes(config) { client in
                    try await VKubeCLI.deployer(options, config, client).update(
                        file: file, extension: `extension`, baseBlessings: baseBlessings, wait: wait)
                }
            }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop an app: delete its Deployment, forget its secret, delete its Secret.")
        @ParentCommand var parent: VKubeCLI
        @OptionGroup var global: GlobalOptions
        @Option(name: [.customShort("f"), .long], help: "The Deployment (JSON).") var file: String

        func run() async throws {
            try await VKubeCLI.reportingErrors {
                let options = global.merged(over: parent.options)
                let config = try options.loadConfig()
                try await options.withKubernetes(config) { client in
                    try await VKubeCLI.deployer(options, config, client).stop(file: file)
                }
            }
        }
    }
}

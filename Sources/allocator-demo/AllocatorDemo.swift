import Allocator
import ArgumentParser
import Foundation
import FortuneDaemon
import FortuneService
import Logging
import MountTable
import VDLNaming
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// `allocator-demo`: the allocator on the embedded default, end to end, on this machine only.
@main
struct AllocatorDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocator-demo",
        abstract: "Run the allocator on the local backend, create a fortune instance, call it, list and destroy it.",
        subcommands: [Run.self, FortuneDaemon.self], defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "The demo (the default); `fortuned` is the instances' server.")

        @Option(help: "The deployment template.")
        var template = "examples/allocator/fortune-deployment.json"

        @Option(help: "Log level of the servers: trace, debug, info, notice, warning, error or critical.")
        var logLevel: Logger.Level = .warning

        func run() async throws {
            var logger = Logger(label: "allocator-demo")
            logger.logLevel = logLevel
            let directory = NSTemporaryDirectory() + "allocator-demo-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            print("swift-vdl allocator demo: everything runs on 127.0.0.1, state in \(directory)")

            // One root blesses everyone: the mount table, the allocator and the user alice.
            let root = try Principal.ephemeral(name: "demo")
            let mountTablePrincipal = try root.delegate("mounttable")
            let allocatorPrincipal = try root.delegate("allocator")
            let alice = try root.delegate("u").delegate("alice")

            let everyone = Access.AccessList(in: ["demo"])
            let table = try MountTableService(rootPermissions: ["Read": everyone, "Resolve": everyone, "Write": everyone], logger: logger)
            let mountTable = RPCServer(services: [table.registration], security: .tls(mountTablePrincipal), logger: logger)
            let mountTableAddress = try await mountTable.bind(to: .tcp(host: "127.0.0.1", port: 0))
            let mountTableTask = Task { try await mountTable.run() }
            let root_ = "/(demo:mounttable)@\(mountTableAddress)"
            print("1. A mount table serves the names at \(root_)")

            let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
            let backend = try LocalBackend(
                stateDirectory: directory + "/allocator", principal: allocatorPrincipal,
                environment: [Namespace.rootsVariable: root_], commands: ["fortuned": [executable, "fortuned"]], logger: logger)
            let service = AllocatorService(
                configuration: .init(serverName: "fortune", serverVersion: "1.0", identityPattern: try IdentityPattern("demo:u:<user>")),
                template: try DeploymentTemplate(path: template), backend: backend, logger: logger)
            let allocator = RPCServer(services: [service.registration], security: .tls(allocatorPrincipal),
                                      authorizer: PermissionsAuthorizer(["Read": everyone]), logger: logger)
            let allocatorAddress = try await allocator.bind(to: .tcp(host: "127.0.0.1", port: 0))
            let allocatorTask = Task { try await allocator.run() }
            print("2. allocatord serves at \(allocatorAddress) as \(allocatorPrincipal.blessingStore.defaultBlessings), "
                  + "local backend, template \(template)")

            let client = Allocator.Allocator.Client(transport: RPCClient(target: allocatorAddress, security: .tls(alice)))
            let handle = try await client.create()
            print("3. alice (\(alice.blessingStore.defaultBlessings)) creates an instance: \(handle)")

            let namespace = try Namespace(roots: [root_], security: .tls(alice))
            let fortune = Fortune.Fortune.Client(transport: try namespace.transport(for: "fortune/\(handle)"))
            var first: String?
            for _ in 0..<100 where first == nil {
                first = try? await fortune.get(options: CallOptions(timeout: .seconds(2)))
                if first == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            guard let first else { throw ValidationError("the instance did not answer at fortune/\(handle) within 10 seconds") }
            print("4. The instance publishes itself as fortune/\(handle); alice calls it through Fortune.Fortune.Client:")
            print("   get() -> \"\(first)\"")
            try await fortune.add(fortune: "A journey of a thousand miles begins with a single step.")
            print("   add(\"A journey of a thousand miles begins with a single step.\")")
            print("   has(\"A journey of a thousand miles begins with a single step.\") -> "
                  + "\(try await fortune.has(fortune: "A journey of a thousand miles begins with a single step."))")

            for instance in try await client.list() {
                print("5. alice lists her instances: \(instance.handle), \(instance.state), \(instance.replicas) replica, "
                      + "mounted at \(instance.mountName), blessed \(instance.blessingNames.joined(separator: ","))")
            }
            try await client.destroy(handle: handle)
            print("6. alice destroys \(handle); her instances now: \(try await client.list().map(\.handle))")

            await namespace.close()
            await backend.stopAll()
            allocator.beginShutdown()
            mountTable.beginShutdown()
            _ = try? await allocatorTask.value
            _ = try? await mountTableTask.value
            print("Done: everything is stopped and removed.")
        }
    }
}

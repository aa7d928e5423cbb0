import Allocator
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import VDLNaming
import VDLSecurity
import VDLTransport

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// `allocatord`: creates per-user instances of a service from a deployment template.
@main
struct AllocatorDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocatord",
        abstract: "Serve the allocator: per-user instances of a service, from a deployment template.",
        discussion: """
            Instances run as local processes (--backend local, the default) with their state in \
            --state-dir. Callers need Read access (--permissions; default: every caller with a \
            valid blessing name); their identity comes from --identity-pattern.
            """)

    @OptionGroup var options: AllocatorOptions

    func run() async throws {
        var logger = Logger(label: "allocatord")
        logger.logLevel = options.logLevel
        let security = try await TransportSecurity.fromFlags(plaintext: false, credentials: options.credentials, ephemeralName: "allocatord")
        guard case .tls(let principal) = security else { throw ValidationError("the allocator needs TLS") }
        let running = try await options.start(principal: principal, logger: logger)
        print("Listening on \(running.address)")
        print("Blessings: \(principal.blessingStore.defaultBlessings)")
        fflush(nil)
        var services: [any Service] = [running.server]
        if !options.name.isEmpty {
            let namespace = try Namespace(roots: Namespace.roots(flags: options.namespaceRoot), security: security)
            services.append(Publisher(namespace: namespace, names: options.name,
                                      server: Publisher.serverName(running.address, security: security), logger: logger))
        }
        // The instances' processes stop with the allocator; the next one starts them again.
        do {
            try await ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
        } catch {
            await running.backend.stopAll()
            throw error
        }
        await running.backend.stopAll()
    }
}

/// The flags of allocatord, and what they build.
struct AllocatorOptions: ParsableArguments {
    @Option(help: "host:port or unix:PATH to listen on (port 0 picks a free port).")
    var address = "127.0.0.1:0"

    @Option(help: "Publish the allocator under NAME in the mount tables of --namespace-root (repeatable).")
    var name: [String] = []

    @Option(help: "A mount table to publish in, and to give instances (repeatable; default $VDL_NAMESPACE_ROOT).")
    var namespaceRoot: [String] = []

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

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .notice

    func validate() throws {
        for pattern in admins where !pattern.isValid {
            throw ValidationError("--global-admins: \"\(pattern.rawValue)\" is not a valid blessing pattern")
        }
        guard maxInstances > 0, maxInstancesPerUser > 0 else { throw ValidationError("the instance limits must be positive") }
    }

    var admins: [Access.BlessingPattern] {
        globalAdmins.flatMap { $0.split(separator: ",") }.map { Access.BlessingPattern(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }

    struct Running {
        let server: RPCServer
        let address: ServerAddress
        let backend: LocalBackend
    }

    /// Builds the allocator and binds its server.
    func start(principal: Principal, logger: Logger) async throws -> Running {
        let template = try DeploymentTemplate(path: deploymentTemplate)
        let stateDirectory = stateDir ?? FileManager.default.homeDirectoryForCurrentUser.path + "/.local/state/allocatord/\(serverName)"
        let roots = Namespace.roots(flags: namespaceRoot)
        let backend = try LocalBackend(stateDirectory: stateDirectory, principal: principal,
                                       environment: roots.isEmpty ? [:] : [Namespace.rootsVariable: roots.joined(separator: ",")],
                                       logger: logger)
        try await backend.recover()
        let service = AllocatorService(
            configuration: .init(serverName: serverName, serverVersion: serverVersion, maxInstances: maxInstances,
                                 maxInstancesPerUser: maxInstancesPerUser, globalAdmins: admins,
                                 identityPattern: try IdentityPattern(identityPattern), mountPrefix: mountPrefix),
            template: template, backend: backend, logger: logger)
        let authorizer = PermissionsAuthorizer(try permissions.map(Access.permissions(flag:)) ?? ["Read": Access.AccessList(in: ["..."])])
        let server = RPCServer(services: [service.registration], security: .tls(principal), authorizer: authorizer, logger: logger)
        let bound = try await server.bind(to: ServerAddress(parsing: address))
        return Running(server: server, address: bound, backend: backend)
    }
}

import Foundation
import Logging
import Synchronization
import VDLSecurity

/// Runs each instance on this machine: every container of its Deployment is a supervised child
/// process, with a data directory per instance standing in for the volume.
///
/// Layout under the state directory, per instance `instances/<handle>/`: `instance.json` (the
/// record), `deployment.json` (the rendered template), `credentials/` (the instance's
/// principal, blessed `<allocator's blessing>:<handle>`), `data/<volume>/` (the volumes),
/// `logs/<container>.log`, and `processes.json` (the pids, with their start times).
///
/// A container's `command` is looked up in `PATH`, after the allocator's own directory; its
/// volume mount paths, where they appear in its command, args or env values, are replaced by
/// the instance's data directories, in which it also runs. The processes get the allocator's
/// environment, the backend's `environment`, `VDL_CREDENTIALS` and the container's `env`.
///
/// At start, processes left running by an earlier allocator (killed, say) are stopped — found
/// by pid and start time — and the instances that should run are started again, so nothing is
/// orphaned; a graceful stop of the allocator stops every process.
public final class LocalBackend: InstanceBackend {
    public let stateDirectory: String
    private let principal: Principal
    private let environment: [String: String]
    private let logger: Logger
    private let running = Mutex<[String: [Supervisor]]>([:])

    /// - Parameter environment: variables every instance process gets, over the allocator's
    ///   own (e.g. `VDL_NAMESPACE_ROOT`).
    public init(stateDirectory: String, principal: Principal, environment: [String: String] = [:],
                logger: Logger = Logger(label: "allocatord.local")) throws {
        self.stateDirectory = stateDirectory
        self.principal = principal
        self.environment = environment
        self.logger = logger
        try FileManager.default.createDirectory(atPath: instancesDirectory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    private var instancesDirectory: String { stateDirectory + "/instances" }
    private func directory(_ handle: String) -> String { instancesDirectory + "/" + handle }

    /// Stops what an earlier allocator left running and starts the instances that should run.
    public func recover() async throws {
        for record in try await instances(owner: nil) {
            for leftover in loadProcesses(record.handle) {
                await ProcessIdentity.stopLeftover(pid: leftover.pid, startTime: leftover.startTime)
            }
            if record.replicas > 0 {
                do {
                    try startProcesses(record.handle)
                } catch {
                    logger.error("cannot restart \(record.handle): \(error)")
                    try? update(record.handle) { $0.state = .failed }
                }
            }
        }
    }

    /// Stops every process (the allocator is shutting down); the records keep what should run.
    public func stopAll() async {
        let all = running.withLock { running in
            defer { running = [:] }
            return running.values.flatMap { $0 }
        }
        await withTaskGroup(of: Void.self) { group in
            for supervisor in all { group.addTask { await supervisor.stop() } }
        }
    }

    // MARK: InstanceBackend

    public func blessingNames(for handle: String) -> [String] {
        principal.blessingStore.defaultBlessings.names.map { "\($0):\(handle)" }
    }

    public func create(_ record: InstanceRecord, deployment: RenderedDeployment) async throws {
        let base = directory(record.handle)
        do {
            for container in deployment.containers where container.command?.isEmpty ?? true {
                throw AllocatorError.backend("container \(container.name) has no command: the local backend runs commands, not images")
            }
            let fileManager = FileManager.default
            try fileManager.createDirectory(atPath: base + "/logs", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try makeDataDirectories(record.handle, deployment)
            try makeCredentials(record.handle)
            try AtomicFile.write(Array(deployment.json), to: base + "/deployment.json")
            var running = record
            running.state = .running
            try save(running)
            try startProcesses(record.handle)
        } catch {
            await stop(record.handle)
            try? FileManager.default.removeItem(atPath: base)
            throw error
        }
    }

    public func destroy(_ handle: String) async throws -> Bool {
        guard FileManager.default.fileExists(atPath: directory(handle) + "/instance.json") else { return false }
        await stop(handle)
        // The record goes first, so a crash half-way leaves no instance that looks alive.
        try FileManager.default.removeItem(atPath: directory(handle) + "/instance.json")
        try FileManager.default.removeItem(atPath: directory(handle))
        return true
    }

    public func instances(owner: String?) async throws -> [InstanceRecord] {
        let handles = (try? FileManager.default.contentsOfDirectory(atPath: instancesDirectory)) ?? []
        return handles.sorted().compactMap { handle -> InstanceRecord? in
            guard let data = FileManager.default.contents(atPath: directory(handle) + "/instance.json") else { return nil }
            do {
                var record = try JSONDecoder.records.decode(InstanceRecord.self, from: data)
                guard owner == nil || record.ownerHash == owner else { return nil }
                if record.replicas > 0, running.withLock({ $0[handle] })?.contains(where: \.isFailing) == true {
                    record.state = .failed
                }
                return record
            } catch {
                logger.error("skipping \(directory(handle))/instance.json: \(error)")
                return nil
            }
        }
    }

    public func scale(_ handle: String, replicas: Int32) async throws {
        if replicas == 0 {
            await stop(handle)
            try update(handle) { $0.replicas = 0; $0.state = .suspended }
        } else {
            try update(handle) { $0.replicas = 1; $0.state = .running }
            if running.withLock({ $0[handle] }) == nil { try startProcesses(handle) }
        }
    }

    public func reset(_ handle: String) async throws {
        guard let record = try await instances(owner: nil).first(where: { $0.handle == handle }) else {
            throw AllocatorError.backend("no instance \(handle)")
        }
        await stop(handle)
        let data = directory(handle) + "/data"
        try FileManager.default.removeItem(atPath: data)
        try makeDataDirectories(handle, try deployment(handle))
        if record.replicas > 0 { try startProcesses(handle) }
    }

    // MARK: Processes

    private func startProcesses(_ handle: String) throws {
        let base = directory(handle)
        let deployment = try deployment(handle)
        var environment = ProcessInfo.processInfo.environment.merging(self.environment) { $1 }
        environment[Principal.credentialsEnvironmentVariable] = base + "/credentials"
        environment[Principal.agentEnvironmentVariable] = nil
        let ownDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        let path = ownDirectory + ":" + (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        environment["PATH"] = path
        var supervisors: [Supervisor] = []
        do {
            for container in deployment.containers {
                let mounts = (container.volumeMounts ?? []).map { ($0.mountPath, base + "/data/" + $0.name) }
                func local(_ text: String) -> String {
                    mounts.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
                }
                let command = (container.command ?? []).map(local) + (container.args ?? []).map(local)
                guard let name = command.first, let executable = Self.lookUp(name, path: path) else {
                    throw AllocatorError.backend("container \(container.name): command \(container.command?.first ?? "") is not found in \(path)")
                }
                var env = environment
                for variable in container.env ?? [] { env[variable.name] = local(variable.value ?? "") }
                let supervisor = Supervisor(
                    Supervisor.Launch(name: container.name, executable: executable, arguments: Array(command.dropFirst()),
                                      environment: env, workingDirectory: mounts.first?.1 ?? base + "/data",
                                      logFile: base + "/logs/\(container.name).log"),
                    logger: logger) { [weak self] in self?.saveProcesses(handle) }
                try supervisor.start()
                supervisors.append(supervisor)
                running.withLock { $0[handle] = supervisors }
            }
        } catch {
            Task { for supervisor in supervisors { await supervisor.stop() } }
            running.withLock { _ = $0.removeValue(forKey: handle) }
            throw error
        }
        saveProcesses(handle)
    }

    private func stop(_ handle: String) async {
        let supervisors = running.withLock { $0.removeValue(forKey: handle) } ?? []
        for supervisor in supervisors { await supervisor.stop() }
        saveProcesses(handle)
    }

    private struct SavedProcess: Codable {
        var container: String
        var pid: Int32
        var startTime: UInt64
    }

    private func saveProcesses(_ handle: String) {
        let base = directory(handle)
        guard FileManager.default.fileExists(atPath: base) else { return }
        let processes = (running.withLock { $0[handle] } ?? []).compactMap { supervisor in
            supervisor.running.map { SavedProcess(container: supervisor.launch.name, pid: $0.pid, startTime: $0.startTime) }
        }
        do {
            try AtomicFile.write(Array(try JSONEncoder().encode(processes)), to: base + "/processes.json")
        } catch {
            logger.error("cannot save the processes of \(handle): \(error)")
        }
    }

    private func loadProcesses(_ handle: String) -> [SavedProcess] {
        guard let data = FileManager.default.contents(atPath: directory(handle) + "/processes.json") else { return [] }
        return (try? JSONDecoder().decode([SavedProcess].self, from: data)) ?? []
    }

    // MARK: Files

    private func deployment(_ handle: String) throws -> RenderedDeployment {
        let path = directory(handle) + "/deployment.json"
        guard let data = FileManager.default.contents(atPath: path) else { throw AllocatorError.backend("\(path) is missing") }
        return try RenderedDeployment(json: data, template: path)
    }

    private func makeDataDirectories(_ handle: String, _ deployment: RenderedDeployment) throws {
        let data = directory(handle) + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for mount in deployment.containers.flatMap({ $0.volumeMounts ?? [] }) {
            try FileManager.default.createDirectory(atPath: data + "/" + mount.name, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    /// The instance's principal: blessed `<allocator>:<handle>`, trusting the allocator's roots.
    private func makeCredentials(_ handle: String) throws {
        let instance = try Principal.create(in: directory(handle) + "/credentials", name: handle)
        let blessings = try principal.bless(instance.publicKey, with: principal.blessingStore.defaultBlessings, extension: handle)
        try instance.adopt(blessings)
        for root in principal.roots.entries {
            for pattern in root.patterns { try instance.roots.add(root.key, for: pattern) }
        }
    }

    private func save(_ record: InstanceRecord) throws {
        try AtomicFile.write(Array(try JSONEncoder.records.encode(record)), to: directory(record.handle) + "/instance.json")
    }

    private func update(_ handle: String, _ change: (inout InstanceRecord) -> Void) throws {
        let path = directory(handle) + "/instance.json"
        guard let data = FileManager.default.contents(atPath: path) else { throw AllocatorError.backend("no instance \(handle)") }
        var record = try JSONDecoder.records.decode(InstanceRecord.self, from: data)
        change(&record)
        try save(record)
    }

    /// `name` if it is a path, else the first executable of that name in `path`.
    static func lookUp(_ name: String, path: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        return path.split(separator: ":").lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

extension JSONEncoder {
    /// Records on disk: ISO 8601 dates to the millisecond, sorted keys.
    static var records: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Date.preciseFormatter.string(from: date))
        }
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return encoder
    }
}

extension JSONDecoder {
    static var records: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Date.preciseFormatter.date(from: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 date: \(text)"))
            }
            return date
        }
        return decoder
    }
}

extension Date {
    /// ISO 8601 with fractional seconds, so that instances made in the same second keep their order.
    static var preciseFormatter: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}

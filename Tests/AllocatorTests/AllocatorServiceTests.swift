import Allocator
import Foundation
import Testing
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// The allocator over TLS on 127.0.0.1 with the local backend running `sleep` as the service.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct AllocatorServiceTests {
    static let template = """
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "{{.Name}}"},
         "spec": {"template": {"spec": {"containers": [{"name": "sleeper", "command": ["sleep", "60"],
           "volumeMounts": [{"name": "data", "mountPath": "/data"}]}]}}}}
        """

    let root: Principal
    let directory = NSTemporaryDirectory() + "vdl-allocator-\(UInt32.random(in: 0...UInt32.max))"

    init() throws { root = try Principal.ephemeral(name: "root") }

    /// Runs `body` with a running allocator and a client factory per principal.
    func withAllocator(maxInstances: Int = 10, perUser: Int = 1,
                       _ body: (AllocatorService, LocalBackend, (Principal) -> Allocator.Allocator.Client) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let principal = try root.delegate("allocator")
        let backend = try LocalBackend(stateDirectory: directory, principal: principal)
        let service = AllocatorService(
            configuration: .init(serverName: "sb", serverVersion: "7", maxInstances: maxInstances, maxInstancesPerUser: perUser,
                                 globalAdmins: ["root:admin"], identityPattern: try IdentityPattern("root:u:<user>")),
            template: try DeploymentTemplate(text: Self.template, path: "sleep.json"), backend: backend)
        let server = RPCServer(services: [service.registration], security: .tls(principal),
                               authorizer: PermissionsAuthorizer(["Read": Access.AccessList(in: ["..."])]))
        let address = try await server.bind(to: .tcp(host: "127.0.0.1", port: 0))
        let running = Task { try await server.run() }
        func client(_ principal: Principal) -> Allocator.Allocator.Client {
            var configuration = RPCClientConfiguration()
            configuration.maxAttempts = 1
            return Allocator.Allocator.Client(transport: RPCClient(target: address, security: .tls(principal), configuration: configuration))
        }
        do {
            try await body(service, backend, client)
        } catch {
            await backend.stopAll()
            server.beginShutdown()
            running.cancel()
            throw error
        }
        await backend.stopAll()
        server.beginShutdown()
        running.cancel()
    }

    func user(_ name: String) throws -> Principal {
        let u = try root.delegate("u")
        let principal = Principal()
        try principal.adopt(try u.bless(principal.publicKey, with: u.blessingStore.defaultBlessings, extension: name))
        try principal.roots.recognize(root.blessingStore.defaultBlessings)
        return principal
    }

    @Test func twentyConcurrentCreatesOfOneUserMakeOneInstance() async throws {
        try await withAllocator { _, backend, client in
            let alice = client(try user("alice"))
            let outcomes = await withTaskGroup(of: Result<String, any Error>.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do { return .success(try await alice.create()) } catch { return .failure(error) }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let handles = outcomes.compactMap { try? $0.get() }
            #expect(handles.count == 1)
            #expect(outcomes.filter { if case .failure(let error) = $0 { return (error as? VDLError)?.id == Allocator.LimitExceeded.id } else { return false } }.count == 19)
            #expect(try await backend.instances(owner: nil).count == 1)
            let listed = try await alice.list()
            #expect(listed.map(\.handle) == handles)
            #expect(listed.first?.blessingNames == ["root:allocator:\(handles[0])"])
            #expect(listed.first?.version == "7" && listed.first?.state == .running && listed.first?.mountName == "sb/\(handles[0])")
        }
    }

    @Test func othersCannotSeeOrTouchAnInstance() async throws {
        try await withAllocator(perUser: 2) { _, backend, client in
            let alice = client(try user("alice")), bob = client(try user("bob"))
            let first = try await alice.create()
            let second = try await alice.create()
            #expect(first.hasPrefix("sb-") && first.count == 11)
            #expect(try await alice.list().map(\.handle) == [second, first])
            #expect(try await bob.list().isEmpty)
            for call in [{ try await bob.destroy(handle: first) }, { try await bob.suspend(handle: first) },
                         { try await bob.destroy(handle: "sb-00000000") }] {
                await #expect { try await call() } throws: { ($0 as? VDLError)?.id == Allocator.NoExistOrNoAccess.id }
            }
            // Suspend, resume and reset as the owner.
            try await alice.suspend(handle: first)
            #expect(try await alice.list().first { $0.handle == first }?.state == .suspended)
            try await alice.resume(handle: first)
            #expect(try await alice.list().first { $0.handle == first }?.replicas == 1)
            let data = backend.stateDirectory + "/instances/\(first)/data/data/kept"
            try Data("x".utf8).write(to: URL(fileURLWithPath: data))
            try await alice.reset(handle: first)
            #expect(!FileManager.default.fileExists(atPath: data))

            // A global admin may destroy anyone's instance; a caller with no identity gets NoIdentity.
            let admin = try root.delegate("admin")
            try await client(admin).destroy(handle: first)
            await #expect { try await client(admin).create() } throws: { ($0 as? VDLError)?.id == Allocator.NoIdentity.id }
            try await alice.destroy(handle: second)
            #expect(try await alice.list().isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: backend.stateDirectory + "/instances").isEmpty)
        }
    }

    @Test func theGlobalLimitHolds() async throws {
        try await withAllocator(maxInstances: 1) { _, _, client in
            _ = try await client(try user("alice")).create()
            await #expect { try await client(try user("bob")).create() } throws: { ($0 as? VDLError)?.id == Allocator.GlobalLimitExceeded.id }
        }
    }
}

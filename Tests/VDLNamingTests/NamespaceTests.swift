import Foundation
import FortuneService
import MountTable
import Synchronization
import Testing
import VDLNaming
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// A running server on 127.0.0.1, stopped by `stop()`.
struct RunningServer {
    let server: RPCServer
    let address: ServerAddress
    let task: Task<Void, any Error>

    init(_ services: [ServiceRegistration], security: TransportSecurity, authorizer: any Authorizer = .default) async throws {
        var configuration = RPCServerConfiguration()
        configuration.shutdownGracePeriod = .milliseconds(200)
        server = RPCServer(services: services, security: security, authorizer: authorizer, configuration: configuration)
        address = try await server.bind(to: .tcp(host: "127.0.0.1", port: 0))
        let server = self.server
        task = Task { try await server.run() }
    }

    func stop() async {
        server.beginShutdown()
        _ = try? await task.value
    }
}

/// Answers Get with the object name the call addressed, and keeps fortunes in a shared store.
final class ObjectEcho: Fortune.Fortune.Service {
    let store: FortuneStore
    let label: String
    init(store: FortuneStore, label: String) { self.store = store; self.label = label }
    func add(fortune: String, context: ServerCallContext) async throws { try await store.add(fortune: fortune, context: context) }
    func get(context: ServerCallContext) async throws -> String { "\(label):\(context.object)" }
    func has(fortune: String, context: ServerCallContext) async throws -> Bool { try await store.has(fortune: fortune, context: context) }
}

/// One root blesses everyone: the mount table root:mt, the servers root:fortune:N, the
/// callers root:alice and root:guest. Only root:fortune may mount under apps.
@Suite(.serialized, .timeLimit(.minutes(1))) struct NamespaceTests {
    let root: Principal

    init() throws { root = try Principal.ephemeral(name: "root") }

    func withMountTable(_ body: (String, MountTableService) async throws -> Void) async throws {
        let permissions: Access.Permissions = [
            "Read": Access.AccessList(in: ["root"]), "Resolve": Access.AccessList(in: ["root"]),
            "Write": Access.AccessList(in: ["root:fortune"]), "Admin": Access.AccessList(in: ["root:alice"]),
        ]
        let table = try MountTableService(rootPermissions: permissions)
        let server = try await RunningServer([table.registration], security: .tls(try root.delegate("mt")))
        do {
            try await body("/(root:mt)@\(server.address)", table)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func serversPublishedUnderANameAreCalledByNameAndFailOver() async throws {
        try await withMountTable { mt, _ in
            let store = FortuneStore(fortunes: [])
            let first = try root.delegate("fortune"), second = try root.delegate("fortune")
            let members: Access.Permissions = ["Read": Access.AccessList(in: ["root"]), "Write": Access.AccessList(in: ["root"])]
            let one = try await RunningServer([Fortune.Fortune.registration(ObjectEcho(store: store, label: "one"))], security: .tls(first),
                                              authorizer: .permissions(members))
            let two = try await RunningServer([Fortune.Fortune.registration(ObjectEcho(store: store, label: "two"))], security: .tls(second),
                                              authorizer: .permissions(members))
            for (server, principal) in [(one, first), (two, second)] {
                let publisher = Publisher(namespace: try Namespace(roots: [mt], security: .tls(principal)), names: ["apps/fortune"],
                                          server: Publisher.serverName(server.address, security: .tls(principal)))
                // A loaded machine can let one 5-second attempt time out; the publisher retries too.
                var mounted = false
                for _ in 0..<5 where !mounted { mounted = await publisher.mountAll() }
                #expect(mounted)
                #expect(publisher.server == "/(root:fortune)@\(server.address)")
            }

            let alice = try Namespace(roots: [mt], security: .tls(try root.delegate("alice")))
            let resolution = try await alice.resolve("apps/fortune/h1")
            #expect(resolution.servers.map(\.description) == ["/(root:fortune)@\(one.address)/h1", "/(root:fortune)@\(two.address)/h1"])
            #expect(try #require(resolution.expiry) > Date())

            // The suffix below the mount point reaches the server as the object name.
            let byName = Fortune.Fortune.Client(transport: try alice.transport(for: "apps/fortune"))
            try await byName.add(fortune: "named")
            #expect(try await byName.get() == "one:")
            #expect(try await Fortune.Fortune.Client(transport: try alice.transport(for: "apps/fortune"), object: "sb/h1").get() == "one:sb/h1")
            #expect(try await Fortune.Fortune.Client(transport: try alice.transport(for: "apps/fortune/sb"), object: "h2").get() == "one:sb/h2")

            // The first server goes away: calls move to the second.
            await one.stop()
            #expect(try await byName.get() == "two:")
            #expect(try await byName.has(fortune: "named"))

            let glob = try await alice.glob("apps/*")
            #expect(glob.map(\.name) == ["apps/fortune"])
            #expect(glob.first?.servers.count == 2)

            // The reserved __Glob answers the same.
            guard case .rooted(let endpoint, _) = try ObjectName(parsing: mt) else { Issue.record("not rooted"); return }
            let reserved = Mutex<[String]>([])
            let _: Mounttable.MountTable.Method.Glob.Response = try await alice.client(for: endpoint).streaming(
                MountTableService.globMethod, object: "apps", request: Mounttable.MountTable.Method.Glob.Request(pattern: "*"),
                options: CallOptions(), outgoing: NoStreamCodec.self, incoming: Mounttable.MountEntry.WireCodec.self
            ) { stream in
                for try await entry in stream.incoming { reserved.withLock { $0.append(entry.name) } }
            }
            #expect(reserved.withLock { $0 } == ["fortune"])
            await two.stop()
            await alice.close()
        }
    }

    @Test func theMountTableRefusesWhatItsPermissionsDoNotAllow() async throws {
        try await withMountTable { mt, table in
            let guest = try Namespace(roots: [mt], security: .tls(try root.delegate("guest")))
            await #expect { try await guest.mount("apps/evil", server: "/127.0.0.1:1", ttl: .seconds(60)) } throws: {
                ($0 as? VDLError)?.id == StandardErrors.noAccessID && "\($0)".contains("root:guest")
            }
            #expect(table.effectivePermissions("apps/evil").0["Write"] != nil)
            await #expect { try await guest.resolve("apps/evil") } throws: { ($0 as? VDLError)?.id == Mounttable.NoSuchName.id }

            // Alice administers the root: she lets guests mount under guests/.
            let alice = try Namespace(roots: [mt], security: .tls(try root.delegate("alice")))
            let (permissions, version) = try await alice.permissions(of: "guests")
            var open = permissions
            open["Write"] = Access.AccessList(in: ["root:guest"])
            try await alice.setPermissions(open, of: "guests", version: version)
            try await guest.mount("guests/g1", server: "/127.0.0.1:1", ttl: .seconds(60))
            #expect(try await guest.resolve("guests/g1").servers.map(\.description) == ["/127.0.0.1:1"])
            await #expect { try await guest.mount("apps/evil", server: "/127.0.0.1:1", ttl: .seconds(60)) } throws: {
                ($0 as? VDLError)?.id == StandardErrors.noAccessID
            }
            // A stale version loses nothing: the edit is refused.
            await #expect { try await alice.setPermissions([:], of: "guests", version: version) } throws: {
                ($0 as? VDLError)?.id == Mounttable.BadVersion.id
            }
            await guest.close()
            await alice.close()
        }
    }

    @Test func resolutionContinuesInMountTablesMountedBelow() async throws {
        try await withMountTable { mt, _ in
            // A second table, mounted at "teams" with the MT flag, holds teams/red/api.
            let inner = try MountTableService(rootPermissions: [
                "Resolve": Access.AccessList(in: ["root"]), "Write": Access.AccessList(in: ["root"]), "Read": Access.AccessList(in: ["root"]),
            ])
            let server = try await RunningServer([inner.registration], security: .tls(try root.delegate("mt")))
            let fortune = try Namespace(roots: [mt], security: .tls(try root.delegate("fortune")))
            try await fortune.mount("teams", server: "/(root:mt)@\(server.address)", ttl: .seconds(60), flags: Mounttable.mt)
            try await fortune.mount("teams/red/api", server: "/127.0.0.1:7", ttl: .seconds(60))

            let alice = try Namespace(roots: [mt], security: .tls(try root.delegate("alice")))
            #expect(try await alice.resolve("teams/red/api/x").servers.map(\.description) == ["/127.0.0.1:7/x"])
            #expect(try await inner.resolve(context: ServerCallContext(method: Mounttable.MountTable.Method.Resolve.descriptor, object: "red/api", peer: "test")).servers.count == 1)
            await #expect { try await alice.resolve("nothing/here") } throws: { ($0 as? VDLError)?.id == Mounttable.NoSuchName.id }
            await #expect { try await Namespace(roots: [], security: .plaintext).resolve("a") } throws: {
                "\($0)".contains("no namespace roots are configured")
            }
            await server.stop()
            await fortune.close()
            await alice.close()
        }
    }
}

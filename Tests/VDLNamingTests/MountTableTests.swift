import Foundation
import Synchronization
import Testing
import VDLNaming
import VDLRPC
import VDLSecurity
import VDLWire
@testable import MountTable

/// A clock the tests move.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

@Suite struct MountTableTests {
    static let everyone: Access.Permissions = [
        "Read": Access.AccessList(in: ["..."]), "Resolve": Access.AccessList(in: ["..."]), "Write": Access.AccessList(in: ["..."]),
    ]

    static func context(_ name: String, method: MethodDescriptor = Mounttable.MountTable.Method.Resolve.descriptor) -> ServerCallContext {
        ServerCallContext(method: method, object: name, peer: "test")
    }

    @Test func globPatternsMatchElements() {
        let pattern = GlobPattern("apps/f?r*/...")
        #expect(pattern.matches(["apps", "fortune"]))
        #expect(pattern.matches(["apps", "fortune", "a", "b"]))
        #expect(pattern.matches(["apps", "fxrtune"]))
        #expect(!pattern.matches(["apps", "ab"]))
        #expect(!pattern.matches(["apps"]))
        #expect(pattern.mayMatchBelow(["apps"]))
        #expect(!pattern.mayMatchBelow(["other"]))
        #expect(GlobPattern("[a-c]x").matches(["bx"]))
        #expect(!GlobPattern("[!a-c]x").matches(["bx"]))
        #expect(GlobPattern("...").matches([]))
        #expect(GlobPattern("").matches([]))
        #expect(!GlobPattern("").matches(["a"]))
    }

    @Test func resolveFindsTheFirstMountOnTheWayAndMountsExpire() async throws {
        let clock = TestClock()
        let table = try MountTableService(rootPermissions: Self.everyone, now: { clock.now })
        try await table.mount(server: "/127.0.0.1:1", ttl: 10, flags: 0, context: Self.context("apps/sb"))
        try await table.mount(server: "/127.0.0.1:2", ttl: 20, flags: 0, context: Self.context("apps/sb"))

        let entry = try await table.resolve(context: Self.context("apps/sb/h1/x"))
        #expect(entry.name == "h1/x")
        #expect(entry.servers.map(\.server) == ["/127.0.0.1:1", "/127.0.0.1:2"])
        #expect(!entry.servesMountTable)

        clock.advance(15)
        #expect(try await table.resolve(context: Self.context("apps/sb")).servers.map(\.server) == ["/127.0.0.1:2"])
        clock.advance(10)
        await #expect { try await table.resolve(context: Self.context("apps/sb")) } throws: {
            ($0 as? Mounttable.NoSuchName)?.name == "apps/sb"
        }
        await #expect(throws: Mounttable.NoSuchName.self) { try await table.resolve(context: Self.context("apps")) }
    }

    @Test func mountRefreshesReplacesAndFlagsMountTables() async throws {
        let clock = TestClock()
        let table = try MountTableService(rootPermissions: Self.everyone, maxTTL: .seconds(30), now: { clock.now })
        try await table.mount(server: "/127.0.0.1:1", ttl: 10, flags: 0, context: Self.context("a"))
        clock.advance(8)
        try await table.mount(server: "/127.0.0.1:1", ttl: 1000, flags: 0, context: Self.context("a"))  // refreshed, capped at 30 s
        clock.advance(25)
        #expect(try await table.resolve(context: Self.context("a")).servers.count == 1)
        try await table.mount(server: "/127.0.0.1:3", ttl: 10, flags: Mounttable.replace, context: Self.context("a"))
        #expect(try await table.resolve(context: Self.context("a")).servers.map(\.server) == ["/127.0.0.1:3"])
        try await table.mount(server: "/127.0.0.1:4", ttl: 10, flags: Mounttable.mt, context: Self.context("mt"))
        #expect(try await table.resolve(context: Self.context("mt/x")).servesMountTable)

        await #expect { try await table.mount(server: "127.0.0.1:1", ttl: 1, flags: 0, context: Self.context("b")) } throws: {
            "\($0)".contains("must be a rooted name")
        }
        await #expect(throws: Mounttable.BadName.self) { try await table.mount(server: "/127.0.0.1:1", ttl: 1, flags: 0, context: Self.context("a//b")) }
    }

    @Test func unmountAndDeletePruneTheTree() async throws {
        let table = try MountTableService(rootPermissions: Self.everyone)
        try await table.mount(server: "/127.0.0.1:1", ttl: 60, flags: 0, context: Self.context("a/b/c"))
        try await table.mount(server: "/127.0.0.1:2", ttl: 60, flags: 0, context: Self.context("a/d"))
        await #expect(throws: Mounttable.NotEmpty.self) { try await table.delete(deleteSubtree: false, context: Self.context("a")) }
        try await table.unmount(server: "/127.0.0.1:1", context: Self.context("a/b/c"))
        #expect(Self.names(try await Self.glob(table, "", "...")) == ["", "a", "a/d"])
        try await table.delete(deleteSubtree: true, context: Self.context("a"))
        #expect(Self.names(try await Self.glob(table, "", "...")) == [""])
        await #expect(throws: Mounttable.NoSuchName.self) { try await table.unmount(server: "", context: Self.context("a/d")) }
    }

    @Test func globListsMatchingNamesBelowANode() async throws {
        let table = try MountTableService(rootPermissions: Self.everyone)
        for name in ["apps/fortune", "apps/fortress/x", "apps/mail", "users/alice"] {
            try await table.mount(server: "/127.0.0.1:1", ttl: 60, flags: 0, context: Self.context(name))
        }
        #expect(Self.names(try await Self.glob(table, "", "apps/fort*")) == ["apps/fortress", "apps/fortune"])
        #expect(Self.names(try await Self.glob(table, "apps", "*")) == ["fortress", "fortune", "mail"])
        #expect(Self.names(try await Self.glob(table, "", "*")) == ["apps", "users"])
        let entries = try await Self.glob(table, "", ".../x")
        #expect(entries.map(\.name) == ["apps/fortress/x"])
        #expect(entries.first?.servers.first?.server == "/127.0.0.1:1")
    }

    @Test func permissionsAreInheritedAndVersioned() async throws {
        let table = try MountTableService(rootPermissions: Self.everyone)
        let ops: Access.Permissions = ["Write": Access.AccessList(in: ["root:ops"]), "Admin": Access.AccessList(in: ["root:ops"])]
        let (initial, version) = try await table.getPermissions(context: Self.context("apps/x"))
        #expect(initial == Self.everyone)
        try await table.setPermissions(perms: ops, version: version, context: Self.context("apps"))
        #expect(try await table.getPermissions(context: Self.context("apps/x/y")).perms == ops)
        #expect(table.effectivePermissions("users").0 == Self.everyone)
        await #expect { try await table.setPermissions(perms: [:], version: version, context: Self.context("apps")) } throws: {
            ($0 as? Mounttable.BadVersion)?.given == version
        }
        // Permissions alone keep a node alive.
        #expect(Self.names(try await Self.glob(table, "", "*")) == ["apps"])
    }

    @Test func aSnapshotKeepsTheTreeAcrossARestart() async throws {
        let clock = TestClock()
        let path = NSTemporaryDirectory() + "mt-\(UInt32.random(in: 0...UInt32.max)).snapshot"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ops: Access.Permissions = ["Admin": Access.AccessList(in: ["root:ops"])]
        do {
            let table = try MountTableService(rootPermissions: Self.everyone, snapshotPath: path, now: { clock.now })
            try await table.mount(server: "/127.0.0.1:1", ttl: 100, flags: Mounttable.mt, context: Self.context("long"))
            try await table.mount(server: "/127.0.0.1:2", ttl: 5, flags: 0, context: Self.context("short"))
            try await table.setPermissions(perms: ops, version: "", context: Self.context("guarded"))
        }
        clock.advance(10)
        let restarted = try MountTableService(rootPermissions: Self.everyone, snapshotPath: path, now: { clock.now })
        let long = try await restarted.resolve(context: Self.context("long"))
        #expect(long.servers.map(\.server) == ["/127.0.0.1:1"] && long.servesMountTable)
        await #expect(throws: Mounttable.NoSuchName.self) { try await restarted.resolve(context: Self.context("short")) }
        #expect(restarted.effectivePermissions("guarded/x").0 == ops)
        #expect(restarted.effectivePermissions("guarded").version == 1)

        try Data("not a snapshot \u{1}\u{2}\u{3}".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try MountTableService(rootPermissions: Self.everyone, snapshotPath: path) } throws: {
            "\($0)".contains("cannot read the mount table snapshot \(path)")
        }
    }

    static func names(_ entries: [Mounttable.MountEntry]) -> [String] { entries.map(\.name) }

    /// Globs through the service, collecting what it streams.
    static func glob(_ table: MountTableService, _ node: String, _ pattern: String) async throws -> [Mounttable.MountEntry] {
        let sent = Mutex<[Mounttable.MountEntry]>([])
        let stream = ServerStream<NoStreamValue, Mounttable.MountEntry>(
            raw: CollectingStream { bytes in
                let entry = try StreamItem.decode(bytes, as: Mounttable.MountEntry.WireCodec.self)
                sent.withLock { $0.append(entry) }
            }, incoming: NoStreamCodec.self, outgoing: Mounttable.MountEntry.WireCodec.self)
        try await table.glob(pattern: pattern, stream: stream, context: context(node, method: Mounttable.MountTable.Method.Glob.descriptor))
        return sent.withLock { $0 }
    }
}

/// A server stream that hands every item to a closure and has nothing to receive.
struct CollectingStream: RawServerStream {
    let collect: @Sendable ([UInt8]) throws -> Void
    init(_ collect: @escaping @Sendable ([UInt8]) throws -> Void) { self.collect = collect }
    func send(_ item: [UInt8]) async throws { try collect(item) }
    func receive() async throws -> [UInt8]? { nil }
}

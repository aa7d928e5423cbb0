import ClusterAgent
import Foundation
import Testing
import VDLSecurity
import VDLWire

@Suite struct SecretStoreTests {
    let directory = NSTemporaryDirectory() + "vdl-secrets-\(UInt32.random(in: 0...UInt32.max))"
    let agent: Principal
    let granter: Principal

    init() throws {
        granter = try Principal.ephemeral(name: "root")
        agent = Principal()
    }

    func blessings(_ extension: String) throws -> Blessings {
        try granter.bless(agent.publicKey, with: granter.blessingStore.defaultBlessings, extension: `extension`)
    }

    @Test func secretsAreStoredByHashOnlyAndSurviveARestart() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SecretStore(directory: directory, agentKey: agent.publicKey)
        let secret = try store.add(try blessings("foo"))
        #expect(secret.count == 512 && secret.allSatisfy(\.isHexDigit))
        #expect(store.blessings(for: secret)?.names == ["root:foo"])
        #expect(store.blessings(for: String(secret.reversed())) == nil)

        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(files == [SecretStore.entryName(for: secret)])
        let path = directory + "/" + files[0]
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        let contents = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(contents.range(of: Data(secret.utf8)) == nil && contents.range(of: Data(secret.prefix(16).utf8)) == nil)

        let other = try store.add(try blessings("bar"))
        let restarted = try SecretStore(directory: directory, agentKey: agent.publicKey)
        #expect(restarted.count == 2 && restarted.problems.isEmpty)
        #expect(restarted.blessings(for: other)?.names == ["root:bar"])
        #expect(try restarted.forget(secret))
        #expect(try !restarted.forget(secret))
        #expect(try SecretStore(directory: directory, agentKey: agent.publicKey).blessings(for: secret) == nil)
    }

    @Test func brokenEntriesAreReportedAndSkipped() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SecretStore(directory: directory, agentKey: agent.publicKey)
        let good = try store.add(try blessings("good"))
        // Garbage under an entry's name, blessings of another key, and a write killed half-way.
        let garbage = SecretStore.entryName(for: "garbage")
        try Data([0xff, 0x01, 0x02]).write(to: URL(fileURLWithPath: directory + "/" + garbage))
        let foreign = try granter.bless(Principal().publicKey, with: granter.blessingStore.defaultBlessings, extension: "foreign")
        let misbound = SecretStore.entryName(for: "misbound")
        try Data(try foreign.wire.serializedBytes()).write(to: URL(fileURLWithPath: directory + "/" + misbound))
        let leftover = directory + "/" + SecretStore.entryName(for: "x") + ".tmp-1-2"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: leftover))

        let restarted = try SecretStore(directory: directory, agentKey: agent.publicKey)
        #expect(restarted.count == 1)
        #expect(restarted.blessings(for: good)?.names == ["root:good"])
        #expect(restarted.problems.count == 2)
        #expect(restarted.problems.contains { $0.contains(garbage) })
        #expect(restarted.problems.contains { $0.contains(misbound) && $0.contains("not to the agent's key") })
        #expect(!FileManager.default.fileExists(atPath: leftover))
    }

    @Test func blessingsOfAnotherKeyAreRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SecretStore(directory: directory, agentKey: agent.publicKey)
        let foreign = try granter.bless(Principal().publicKey, with: granter.blessingStore.defaultBlessings, extension: "x")
        #expect(throws: SecurityError.self) { try store.add(foreign) }
        #expect(store.count == 0)
    }
}

import Foundation
import Testing
import VDLSecurity
import VDLWire

@Suite struct CredentialsTests {
    private func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "vdl-credentials-\(UInt64.random(in: 0...UInt64.max))"
    }

    @Test func createLoadAndPersistChanges() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let created = try Principal.create(in: directory, name: "alice")
        let mode = try FileManager.default.attributesOfItem(atPath: directory + "/privatekey.pem")[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let world = try World()
        try created.roots.recognize(world.rootBlessings)
        let friend = try world.root.bless(created.publicKey, with: world.rootBlessings, extension: "friend")
        try created.blessingStore.set(friend, forPeers: "root")

        let loaded = try Principal.load(from: directory)
        #expect(loaded.publicKey == created.publicKey)
        #expect(loaded.blessingStore.defaultBlessings.names == ["alice"])
        #expect(loaded.blessingStore.forPeer(["root:fortune"]).names.sorted() == ["alice", "root:friend"])
        #expect(loaded.roots.recognizes(world.root.publicKey, for: "root:x"))
        #expect(throws: SecurityError.self) { try Principal.create(in: directory, name: "again") }
    }

    @Test func missingDirectoryIsAClearError() {
        #expect { try Principal.load(from: "/nonexistent/vdl-creds") } throws: {
            "\($0)".contains("does not exist") && "\($0)".contains("principal create")
        }
    }

    @Test func aReadableKeyFileIsRefused() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try Principal.create(in: directory, name: "alice")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: directory + "/privatekey.pem")
        #expect { try Principal.load(from: directory) } throws: { "\($0)".contains("mode 644") && "\($0)".contains("chmod 600") }
    }

    @Test(arguments: ["roots.vdlsig", "blessings.vdlsig", "privatekey.pem"])
    func tamperedFilesAreDetected(file: String) throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try Principal.create(in: directory, name: "alice")
        let path = directory + "/" + file
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[bytes.count / 2] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect { try Principal.load(from: directory) } throws: { "\($0)".contains(file) }
    }

    @Test func rootsOfAnotherPrincipalAreRefused() throws {
        let first = temporaryDirectory(), second = temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        _ = try Principal.create(in: first, name: "alice")
        _ = try Principal.create(in: second, name: "mallory")
        try FileManager.default.removeItem(atPath: first + "/roots.vdlsig")
        try FileManager.default.copyItem(atPath: second + "/roots.vdlsig", toPath: first + "/roots.vdlsig")
        #expect { try Principal.load(from: first) } throws: { "\($0)".contains("signature does not match") }
    }

    @Test func aFailedWriteChangesNothing() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let principal = try Principal.create(in: directory, name: "alice")
        // A non-empty directory where roots.vdlsig should be: the rename fails, even for root.
        let roots = directory + "/roots.vdlsig"
        try FileManager.default.removeItem(atPath: roots)
        try FileManager.default.createDirectory(atPath: roots + "/blocker", withIntermediateDirectories: true)
        #expect { try principal.roots.add(Principal().publicKey, for: "x") } throws: { "\($0)".contains("cannot replace") }
        #expect(principal.roots.entries.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }.isEmpty)
    }
}

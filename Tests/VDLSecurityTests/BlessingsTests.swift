import Foundation
import Testing
import VDLSecurity
import VDLWire

/// A root "root", and helpers to bless others under it.
struct World {
    let root: Principal
    var rootBlessings: Blessings { root.blessingStore.defaultBlessings }

    init() throws {
        root = try Principal.ephemeral(name: "root")
    }

    /// A principal blessed root:<name> that trusts root.
    func member(_ name: String, caveats: [Security.Caveat] = []) throws -> Principal {
        try root.delegate(name, caveats: caveats)
    }

    /// What `observer` considers valid of `blessings` in a call of `method`.
    func names(_ blessings: Blessings, seenBy observer: Principal, method: String = "Get", at time: Date = Date()) -> BlessingNames {
        SecurityCall(method: method, timestamp: time, localPrincipal: observer,
                     localBlessings: observer.blessingStore.defaultBlessings, remoteBlessings: blessings).remoteBlessingNames()
    }
}

@Suite struct BlessingsTests {
    @Test func blessingExtendsTheNameAndBindsTheKey() throws {
        let world = try World()
        let alice = try world.member("alice")
        let phone = Principal()
        let blessing = try alice.bless(phone.publicKey, with: alice.blessingStore.defaultBlessings, extension: "phone")
        #expect(blessing.names == ["root:alice:phone"])
        #expect(blessing.publicKey == phone.publicKey)
        #expect(world.names(blessing, seenBy: world.root).valid == ["root:alice:phone"])
        // The wire form survives a round trip through bytes and the text form, and still verifies.
        let again = try Blessings(base64URLEncoded: try blessing.base64URLEncoded())
        #expect(again == blessing)
    }

    @Test func aForgedSignatureIsRejected() throws {
        let world = try World()
        var wire = try world.member("alice").blessingStore.defaultBlessings.wire
        wire.chains[0].certificates[1].signature[5] ^= 0x01
        #expect(throws: SecurityError.self) { try Blessings(wire: wire) }
        // So is a changed extension under an intact signature.
        var renamed = try world.member("alice").blessingStore.defaultBlessings.wire
        renamed.chains[0].certificates[1].extension = "admin"
        #expect { try Blessings(wire: renamed) } throws: { "\($0)".contains("does not verify") }
    }

    @Test func aChainReRootedOnAnotherKeyIsRejected() throws {
        let world = try World()
        let alice = try world.member("alice")
        // Mallory makes her own "root" and swaps it in under alice's certificate.
        let mallory = Principal()
        let fakeRoot = try mallory.blessSelf("root")
        var wire = alice.blessingStore.defaultBlessings.wire
        wire.chains[0].certificates[0] = fakeRoot.wire.chains[0].certificates[0]
        #expect(throws: SecurityError.self) { try Blessings(wire: wire) }

        // A chain genuinely signed under Mallory's root verifies, but nobody trusts that root.
        let impostor = try mallory.bless(mallory.publicKey, with: fakeRoot, extension: "alice")
        let seen = world.names(impostor, seenBy: world.root)
        #expect(seen.valid.isEmpty)
        #expect(seen.rejected.first?.reason.contains("not recognized") == true)
    }

    @Test func oversizedBlessingsAreRefusedBeforeAnySignatureIsChecked() throws {
        let world = try World()
        let chain = try world.member("alice").blessingStore.defaultBlessings.wire.chains[0]
        let many = Security.WireBlessings(chains: Array(repeating: chain, count: Blessings.maxChains + 1))
        #expect { try Blessings(wire: many) } throws: { "\($0)".contains("more than the limit") }
        var long = chain
        long.certificates += Array(repeating: chain.certificates[1], count: Blessings.maxCertificatesPerChain)
        #expect { try Blessings(wire: Security.WireBlessings(chains: [long])) } throws: { "\($0)".contains("more than the limit") }
    }

    @Test func unionRequiresOneKey() throws {
        let world = try World()
        let alice = try world.member("alice"), bob = try world.member("bob")
        #expect(throws: SecurityError.self) {
            try Blessings.union([alice.blessingStore.defaultBlessings, bob.blessingStore.defaultBlessings])
        }
        let second = try world.root.bless(alice.publicKey, with: world.rootBlessings, extension: "admin")
        let both = try Blessings.union([alice.blessingStore.defaultBlessings, second])
        #expect(Set(world.names(both, seenBy: world.root).valid) == ["root:alice", "root:admin"])
    }

    @Test func blessingWithSomeoneElsesBlessingsFails() throws {
        let world = try World()
        let alice = try world.member("alice")
        #expect(throws: SecurityError.self) {
            try alice.bless(Principal().publicKey, with: world.rootBlessings, extension: "x")
        }
        for bad in ["", "a:b", "a,b", "...", "$"] {
            #expect(throws: SecurityError.self) { try alice.blessSelf(bad) }
        }
    }

    @Test func rootsOnlyVouchForTheirPatterns() throws {
        let world = try World()
        let observer = Principal()
        // Trust root only for root:alice and its extensions.
        try observer.roots.add(world.root.publicKey, for: "root:alice")
        let alice = try world.member("alice"), bob = try world.member("bob")
        #expect(world.names(alice.blessingStore.defaultBlessings, seenBy: observer).valid == ["root:alice"])
        #expect(world.names(bob.blessingStore.defaultBlessings, seenBy: observer).valid.isEmpty)
    }
}

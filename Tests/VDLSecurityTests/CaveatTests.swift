import Foundation
import Testing
import VDLSecurity
import VDLWire

@Suite struct CaveatTests {
    @Test func expiryCaveat() throws {
        let world = try World()
        let alice = try world.member("alice", caveats: [try .expiry(after: .seconds(60))])
        let blessings = alice.blessingStore.defaultBlessings
        #expect(world.names(blessings, seenBy: world.root).valid == ["root:alice"])
        let later = world.names(blessings, seenBy: world.root, at: Date().addingTimeInterval(120))
        #expect(later.valid.isEmpty)
        #expect(later.rejected.first?.reason.contains("expired") == true)
    }

    @Test func methodCaveat() throws {
        let world = try World()
        let reader = try world.member("reader", caveats: [try .method(["Get", "Has"])])
        let blessings = reader.blessingStore.defaultBlessings
        #expect(world.names(blessings, seenBy: world.root, method: "Get").valid == ["root:reader"])
        let add = world.names(blessings, seenBy: world.root, method: "Add")
        #expect(add.valid.isEmpty)
        #expect(add.rejected.first?.reason.contains("not for method Add") == true)
    }

    @Test func peerBlessingsCaveat() throws {
        let world = try World()
        let alice = try world.member("alice", caveats: [try .peerBlessings(["root:fortune"])])
        let fortune = try world.member("fortune"), other = try world.member("other")
        #expect(world.names(alice.blessingStore.defaultBlessings, seenBy: fortune).valid == ["root:alice"])
        #expect(world.names(alice.blessingStore.defaultBlessings, seenBy: other).valid.isEmpty)
    }

    @Test func anUnknownCaveatMakesTheBlessingInvalidUntilAValidatorIsRegistered() throws {
        let world = try World()
        let customID: Security.CaveatID = Array(repeating: 7, count: 16)
        let custom = Security.Caveat(id: customID, param: Array("public".utf8))
        let alice = try world.member("alice", caveats: [custom])
        let blessings = alice.blessingStore.defaultBlessings
        let unknown = world.names(blessings, seenBy: world.root)
        #expect(unknown.valid.isEmpty)
        #expect(unknown.rejected.first?.reason.contains("unknown caveat") == true)

        let validators = CaveatValidators.standard.adding(customID) { param, call in
            guard call.suffix.hasPrefix(String(decoding: param, as: UTF8.self)) else { throw CaveatFailure("private object") }
        }
        func names(suffix: String) -> [String] {
            SecurityCall(method: "Get", suffix: suffix, localPrincipal: world.root, remoteBlessings: blessings, validators: validators)
                .remoteBlessingNames().valid
        }
        #expect(names(suffix: "public/a") == ["root:alice"])
        #expect(names(suffix: "secret/a").isEmpty)
    }

    @Test func aMalformedCaveatParameterFails() throws {
        let world = try World()
        let broken = Security.Caveat(id: Security.expiryCaveat, param: [0xff, 0xff])
        let alice = try world.member("alice", caveats: [broken])
        #expect(world.names(alice.blessingStore.defaultBlessings, seenBy: world.root).valid.isEmpty)
    }
}

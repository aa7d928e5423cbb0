import Testing
import VDLSecurity
import VDLWire

@Suite struct AccessTests {
    @Test(arguments: [
        ("alice", "alice", true), ("alice", "alice:phone", true), ("alice", "alice:phone:app", true),
        ("alice", "alicex", false), ("alice", "bob", false), ("alice:phone", "alice", false),
        ("alice:$", "alice", true), ("alice:$", "alice:phone", false),
        ("alice:...", "alice", true), ("alice:...", "alice:phone", true),
        ("...", "anyone", true), ("...", "alice:phone", true),
        ("", "alice", false), ("a::b", "a::b", false), ("$", "$", false), ("alice:$:x", "alice", false),
        ("alice:", "alice", false), (":alice", "alice", false), ("a,b", "a,b", false), ("a:...:b", "a:x:b", false),
        ("root:x", "root:x:y", true), ("root:x", "root:xy", false), ("root:x:$", "root:x:", false),
    ])
    func patterns(pattern: String, name: String, matches: Bool) {
        #expect(Access.BlessingPattern(rawValue: pattern).matches(name) == matches)
    }

    @Test func notInExcludesANameAndItsExtensions() {
        let list = Access.AccessList(in: ["root:staff"], notIn: ["root:staff:intern"])
        #expect(list.includes(["root:staff:alice"]))
        #expect(list.includes(["root:staff"]))
        #expect(!list.includes(["root:staff:intern"]))
        #expect(!list.includes(["root:staff:intern:phone"]))
        #expect(list.includes(["root:staff:internal"]))  // a different name, not an extension
        #expect(list.includes(["root:staff:intern", "root:staff:alice"]))  // another name still qualifies
        #expect(!Access.AccessList(in: ["..."]).includes([]))  // no names, no access
    }

    private func call(_ remote: Principal, method: String, tags: [VDLAny], server: Principal) -> SecurityCall {
        SecurityCall(method: method, methodTags: tags, localPrincipal: server,
                     localBlessings: server.blessingStore.defaultBlessings, remoteBlessings: remote.blessingStore.defaultBlessings)
    }

    @Test func permissionsAuthorizerUsesTheMethodsTag() throws {
        let world = try World()
        let server = try world.member("fortune"), alice = try world.member("alice"), bob = try world.member("bob")
        let authorizer = PermissionsAuthorizer(["Read": Access.AccessList(in: ["root"]), "Write": Access.AccessList(in: ["root:alice:$"])])
        let read = [try VDLAny(Access.read)], write = [try VDLAny(Access.write)]
        try authorizer.authorize(call(alice, method: "Add", tags: write, server: server))
        try authorizer.authorize(call(bob, method: "Get", tags: read, server: server))
        #expect(throws: SecurityError.self) { try authorizer.authorize(call(bob, method: "Add", tags: write, server: server)) }
        // A method with no tag, or two, is refused; so is a tag the permissions do not mention.
        #expect(throws: SecurityError.self) { try authorizer.authorize(call(alice, method: "X", tags: [], server: server)) }
        #expect(throws: SecurityError.self) { try authorizer.authorize(call(alice, method: "X", tags: read + write, server: server)) }
        #expect(throws: SecurityError.self) { try authorizer.authorize(call(alice, method: "X", tags: [try VDLAny(Access.admin)], server: server)) }
        // The server calling itself is always allowed.
        try authorizer.authorize(call(server, method: "X", tags: [], server: server))
    }

    @Test func defaultAuthorizerNeedsNamesThatExtendOneAnother() throws {
        let world = try World()
        let server = try world.member("fortune")
        let phone = try server.delegate("phone")
        try DefaultAuthorizer().authorize(call(phone, method: "Get", tags: [], server: server))
        try DefaultAuthorizer().authorize(call(world.root, method: "Get", tags: [], server: server))
        #expect(throws: SecurityError.self) { try DefaultAuthorizer().authorize(call(try world.member("bob"), method: "Get", tags: [], server: server)) }
        #expect(throws: SecurityError.self) { try DefaultAuthorizer().authorize(SecurityCall(method: "Get")) }
    }

    @Test func permissionsFromJSON() throws {
        let permissions = try Access.permissions(json: #"{"Read": {"In": ["..."]}, "Write": {"In": ["alice"], "NotIn": ["alice:guest"]}}"#)
        #expect(permissions["Read"] == Access.AccessList(in: ["..."]))
        #expect(permissions["Write"] == Access.AccessList(in: ["alice"], notIn: ["alice:guest"]))
        #expect { try Access.permissions(json: #"{"Read": {"In": ["a::b"]}}"#) } throws: {
            "\($0)" == "invalid permissions: tag Read: \"a::b\" is not a valid blessing pattern"
        }
        #expect { try Access.permissions(json: #"["Read"]"#) } throws: { "\($0)".contains("not a JSON object") }
    }
}

import Testing
import VDLNaming
import VDLSecurity
import VDLTransport

@Suite struct ObjectNameTests {
    @Test func rootedNamesCarryTheEndpointAndSuffix() throws {
        guard case .rooted(let tcp, let suffix) = try ObjectName(parsing: "/127.0.0.1:8080/sb/h1") else { Issue.record("not rooted"); return }
        #expect(tcp.address == .tcp(host: "127.0.0.1", port: 8080))
        #expect(tcp.serverBlessings == nil)
        #expect(suffix == "sb/h1")

        guard case .rooted(let pinned, let none) = try ObjectName(parsing: "/(root:fortune)@[::1]:9") else { Issue.record("not rooted"); return }
        #expect(pinned.address == .tcp(host: "::1", port: 9))
        #expect(pinned.serverBlessings == "root:fortune")
        #expect(none.isEmpty)

        guard case .rooted(let unix, let unixSuffix) = try ObjectName(parsing: "/@unix:/run/f.sock//a//b/") else { Issue.record("not rooted"); return }
        #expect(unix.address == .unix(path: "/run/f.sock"))
        #expect(unixSuffix == "a/b")
        #expect(try ObjectName(parsing: "/@unix:/run/f.sock//a").description == "/unix:/run/f.sock//a")

        // An address without the leading slash is rooted too (what --address prints).
        guard case .rooted(let bare, _) = try ObjectName(parsing: "127.0.0.1:80") else { Issue.record("not rooted"); return }
        #expect(bare.address == .tcp(host: "127.0.0.1", port: 80))
    }

    @Test func relativeNamesAreCleaned() throws {
        #expect(try ObjectName(parsing: "apps//fortune/") == .relative("apps/fortune"))
        #expect(try ObjectName(parsing: "apps").appending("x/y") == .relative("apps/x/y"))
        #expect(try ObjectName(parsing: "/10.0.0.1:1/a").appending("b").description == "/10.0.0.1:1/a/b")
    }

    @Test func badNamesSayWhatIsWrong() {
        #expect(throws: NameError.self) { try ObjectName(parsing: "") }
        #expect(throws: NameError.self) { try ObjectName(parsing: "a/../b") }
        #expect { try ObjectName(parsing: "/nohost") } throws: { "\($0)".contains("expected host:port") }
        #expect { try ObjectName(parsing: "/(root@1.2.3.4:5") } throws: { "\($0)".contains("expected /(pattern)@address") }
        #expect { try ObjectName(parsing: "/1.2.3.4:99999") } throws: { "\($0)".contains("port") }
    }

    @Test func rootsComeFromFlagsElseTheEnvironment() {
        #expect(Namespace.roots(flags: ["/a:1"], environment: ["VDL_NAMESPACE_ROOT": "/b:2"]) == ["/a:1"])
        #expect(Namespace.roots(flags: [], environment: ["VDL_NAMESPACE_ROOT": "/b:2, /c:3"]) == ["/b:2", "/c:3"])
        #expect(Namespace.roots(flags: [], environment: [:]).isEmpty)
    }

    @Test func namespaceRootsMustBeRooted() {
        #expect { try Namespace(roots: ["apps"], security: .plaintext) } throws: { "\($0)".contains("must be rooted") }
    }
}

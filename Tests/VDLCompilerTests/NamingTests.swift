import Testing
@testable import VDLCompiler

@Suite("Naming")
struct NamingTests {
    /// (VDL name, Swift lowerCamel, proto snake_case).
    @Test(arguments: [
        ("MountName", "mountName", "mount_name"),
        ("ID", "id", "id"),
        ("NodeID", "nodeID", "node_id"),
        ("URLPath", "urlPath", "url_path"),
        ("HTTPServerURL", "httpServerURL", "http_server_url"),
        ("X", "x", "x"),
        ("Name", "name", "name"),
        ("name", "name", "name"),
        ("I32", "i32", "i32"),
        ("MaybePoint", "maybePoint", "maybe_point"),
        ("NotIn", "notIn", "not_in"),
        ("HTTPServer", "httpServer", "http_server"),
        ("X2Y", "x2Y", "x2_y"),
    ])
    func caseConversion(_ name: String, _ swift: String, _ proto: String) {
        #expect(SwiftNames.lowerCamel(name) == swift)
        #expect(ProtoNames.snakeCase(name) == proto)
    }

    /// Swift keywords that a lowered name can collide with are escaped with backticks.
    @Test(arguments: [("Default", "`default`"), ("Protocol", "`protocol`"), ("Type", "type"), ("In", "`in`"), ("Self", "`self`"), ("Where", "`where`"), ("Value", "value")])
    func swiftKeywordsAreEscaped(_ name: String, _ expected: String) {
        #expect(SwiftNames.lowerCamel(name) == expected)
    }

    @Test(arguments: [("fortune", "Fortune"), ("mount_table", "MountTable"), ("access", "Access"), ("a-b.c", "ABC")])
    func packageNamespace(_ name: String, _ expected: String) {
        #expect(SwiftNames.upperCamel(name) == expected)
    }

    @Test func swiftStringLiterals() {
        #expect(SwiftNames.stringLiteral("plain") == "\"plain\"")
        #expect(SwiftNames.stringLiteral("a\"b\\c\nd\te") == "\"a\\\"b\\\\c\\nd\\te\"")
        #expect(SwiftNames.stringLiteral("\u{1}") == "\"\\u{1}\"")
        #expect(SwiftNames.stringLiteral("é") == "\"é\"")
    }

    @Test func protoPackagesFilesAndEnumValues() {
        #expect(ProtoNames.package("examples/fortune") == "examples.fortune")
        #expect(ProtoNames.package("security/access") == "security.access")
        #expect(ProtoNames.file("examples/fortune") == "examples/fortune/fortune.proto")
        #expect(ProtoNames.enumValue("Color", "Red") == "COLOR_RED")
        #expect(ProtoNames.enumValue("RetryAction", "NoRetry") == "RETRY_ACTION_NO_RETRY")
        #expect(ProtoNames.identifier("1st") == "_1st")
        #expect(ProtoNames.identifier("a-b") == "a_b")
    }

    @Test func swiftFileNames() {
        #expect(SwiftEmitter.fileName(forPackage: "examples/fortune") == "examples_fortune.vdl.swift")
        #expect(SwiftEmitter.fileName(forPackage: "access") == "access.vdl.swift")
    }
}

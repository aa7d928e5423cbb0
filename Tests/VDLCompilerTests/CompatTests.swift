import Testing
@testable import VDLCompiler

/// The breaking changes from `old` to `new`, two versions of the single file of package `p`.
private func breakingChanges(_ old: String, _ new: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String] {
    let before = try compileSingle("package p\n\n" + old)
    let after = try compileSingle("package p\n\n" + new)
    let oldModule = try #require(before.module, "old version does not compile:\n\(before.diagnostics.render())", sourceLocation: sourceLocation)
    let newModule = try #require(after.module, "new version does not compile:\n\(after.diagnostics.render())", sourceLocation: sourceLocation)
    return CompatibilityChecker(old: oldModule, new: newModule)
        .breakingChanges(oldPackage: "p", newPackage: "p")
        .map(\.message)
}

/// One change from an old to a new version and the report it must produce.
struct CompatCase: CustomTestStringConvertible, Sendable {
    let name: String
    let old: String
    let new: String
    /// Messages that must be reported (substrings), exactly this many changes in total.
    let expected: [String]
    var testDescription: String { name }
}

private let service = """
    type Service interface {
    \tGet(key string) (string | error)
    \tWatch(prefix string) stream<_, string> error
    }
    """

let breakingCases: [CompatCase] = [
    CompatCase(name: "field renumbered",
               old: "type S struct {\n\tA string\n\tB string\n}\n",
               new: "type S struct {\n\tA string\n\tB string = 7\n}\n",
               expected: ["struct S: field B was renumbered from 2 to 7"]),
    CompatCase(name: "field retyped",
               old: "type S struct {\n\tA string\n\tB string\n}\n",
               new: "type S struct {\n\tA string\n\tB int64\n}\n",
               expected: ["struct S: field B changed type from string to int64"]),
    CompatCase(name: "field removed without reserving",
               old: "type S struct {\n\tA string\n\tB string\n\tC string\n}\n",
               new: "type S struct {\n\tA string\n\tC string = 3\n}\n",
               expected: ["struct S: field B (number 2) was removed without reserving its number"]),
    CompatCase(name: "number reused by another field",
               old: "type S struct {\n\tA string\n\tB string\n}\n",
               new: "type S struct {\n\tA string\n\tNew int32\n}\n",
               expected: ["struct S: number 2 of removed field B is reused by New"]),
    CompatCase(name: "union arm retyped",
               old: "type U union {\n\tA string\n\tB int32\n}\n",
               new: "type U union {\n\tA string\n\tB bool\n}\n",
               expected: ["union U: arm B changed type from int32 to bool"]),
    CompatCase(name: "enum label moved",
               old: "type E enum {\n\tRed\n\tGreen\n\tBlue\n}\n",
               new: "type E enum {\n\tRed\n\tBlue\n\tGreen\n}\n",
               expected: ["enum E: label Green moved from number 1 to 2", "enum E: label Blue moved from number 2 to 1"]),
    CompatCase(name: "enum label removed",
               old: "type E enum {\n\tRed\n\tGreen\n}\n",
               new: "type E enum {\n\tRed\n}\n",
               expected: ["enum E: label Green (number 1) was removed"]),
    CompatCase(name: "defined type changed",
               old: "type Id string\n",
               new: "type Id int64\n",
               expected: ["type Id changed from string to int64"]),
    CompatCase(name: "type removed",
               old: "type Id string\ntype Other string\n",
               new: "type Other string\n",
               expected: ["type Id was removed"]),
    CompatCase(name: "method removed",
               old: service,
               new: "type Service interface {\n\tWatch(prefix string) stream<_, string> error\n}\n",
               expected: ["method Service.Get was removed"]),
    CompatCase(name: "argument type changed",
               old: service,
               new: "type Service interface {\n\tGet(key int64) (string | error)\n\tWatch(prefix string) stream<_, string> error\n}\n",
               expected: ["method Service.Get: argument key changed type from string to int64"]),
    CompatCase(name: "streaming changed",
               old: service,
               new: "type Service interface {\n\tGet(key string) (string | error)\n\tWatch(prefix string) ([]string | error)\n}\n",
               expected: ["method Service.Watch: streaming changed"]),
    CompatCase(name: "stream element type changed",
               old: service,
               new: "type Service interface {\n\tGet(key string) (string | error)\n\tWatch(prefix string) stream<_, int32> error\n}\n",
               expected: ["method Service.Watch: server stream type changed from string to int32"]),
    CompatCase(name: "interface removed",
               old: service,
               new: "type Other interface {\n\tPing() error\n}\n",
               expected: ["interface Service was removed"]),
    CompatCase(name: "method moved to an embedded interface",
               old: "type Svc interface {\n\tPing() error\n\tGet() error\n}\n",
               new: "type Base interface {\n\tPing() error\n}\n\ntype Svc interface {\n\tBase\n\tGet() error\n}\n",
               expected: ["method Svc.Ping: now declared by Base instead of Svc, which changes its wire name"]),
    CompatCase(name: "result renumbered",
               old: "type I interface {\n\tGet() (x int32 | error)\n}\n",
               new: "type I interface {\n\tGet() (y, x int32 | error)\n}\n",
               expected: ["method I.Get: result x was renumbered from 1 to 2"]),
    CompatCase(name: "type changed kind",
               old: "type Choice union {\n\tA int32\n}\n",
               new: "type Choice struct {\n\tA int32\n}\n",
               expected: ["type Choice changed kind from union to struct"]),
    CompatCase(name: "error removed",
               old: "error NotFound()\nerror Busy()\n",
               new: "error Busy()\n",
               expected: ["error NotFound was removed"]),
]

let compatibleCases: [CompatCase] = [
    CompatCase(name: "identical", old: service, new: service, expected: []),
    CompatCase(name: "field added at the end",
               old: "type S struct {\n\tA string\n\tB string\n}\n",
               new: "type S struct {\n\tA string\n\tB string\n\tC map[string]int32\n}\n",
               expected: []),
    CompatCase(name: "field removed with its number reserved",
               old: "type S struct {\n\tA string\n\tB string\n\tC string\n}\n",
               new: "type S struct {\n\treserved 2\n\tA string\n\tC string\n}\n",
               expected: []),
    CompatCase(name: "fields reordered with pinned numbers",
               old: "type S struct {\n\tA string\n\tB int32\n}\n",
               new: "type S struct {\n\tB int32 = 2\n\tA string = 1\n}\n",
               expected: []),
    CompatCase(name: "enum label added at the end",
               old: "type E enum {\n\tRed\n\tGreen\n}\n",
               new: "type E enum {\n\tRed\n\tGreen\n\tBlue\n}\n",
               expected: []),
    CompatCase(name: "method and type added",
               old: service,
               new: service + "\ntype Extra struct {\n\tA string\n}\n\ntype More interface {\n\tPing() error\n}\n",
               expected: []),
    CompatCase(name: "named type with the same structure",
               old: "type S struct {\n\tIds []string\n}\n",
               new: "type Ids []string\n\ntype S struct {\n\tIds Ids\n}\n",
               expected: []),
    CompatCase(name: "field retyped to a defined type with the same wire form",
               old: "type S struct {\n\tName string\n}\n",
               new: "type Name string\n\ntype S struct {\n\tName Name\n}\n",
               expected: []),
    CompatCase(name: "argument added at the end",
               old: "type I interface {\n\tGet(a string) error\n}\n",
               new: "type I interface {\n\tGet(a string, b int32) error\n}\n",
               expected: []),
    CompatCase(name: "docs and comments changed",
               old: "// S is old.\ntype S struct {\n\tA string\n}\n",
               new: "// S is new.\ntype S struct {\n\t// A has a doc now.\n\tA string\n}\n",
               expected: []),
]

@Suite("Compatibility checker")
struct CompatTests {
    @Test("breaking change is reported", arguments: breakingCases)
    func breaking(_ testCase: CompatCase) throws {
        let changes = try breakingChanges(testCase.old, testCase.new)
        for message in testCase.expected {
            #expect(changes.contains { $0.contains(message) }, "missing \"\(message)\"; got \(changes)")
        }
        #expect(changes.count == testCase.expected.count, "expected exactly \(testCase.expected), got \(changes)")
    }

    @Test("compatible change is not reported", arguments: compatibleCases)
    func compatible(_ testCase: CompatCase) throws {
        #expect(try breakingChanges(testCase.old, testCase.new) == [])
    }

    /// Several independent breaks in one comparison are all listed.
    @Test func everyBreakIsListed() throws {
        let changes = try breakingChanges(
            "type S struct {\n\tA string\n\tB string\n}\n\ntype E enum {\n\tX\n\tY\n}\n" + service,
            "type S struct {\n\tA int32\n}\n\ntype E enum {\n\tY\n\tX\n}\n\ntype Service interface {\n\tGet(key string) (string | error)\n}\n")
        #expect(changes.count == 5, "\(changes)")
    }

    /// Unknown package paths give no changes rather than crashing.
    @Test func missingPackageGivesNoChanges() throws {
        let compilation = try compileSingle("package p\n\ntype A string\n")
        let module = try #require(compilation.module)
        #expect(CompatibilityChecker(old: module, new: module).breakingChanges(oldPackage: "p", newPackage: "nope").isEmpty)
    }
}

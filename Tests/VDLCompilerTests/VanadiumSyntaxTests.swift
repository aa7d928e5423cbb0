import Testing
import VDLCompiler

/// Constructs of Vanadium's VDL that real files use: positional message parameters and
/// argument lists of bare types.
struct VanadiumSyntaxTests {
    @Test func positionalMessageParameters() throws {
        let compilation = try compileSingle("""
            package p

            error NoExist(name string) {"en": "{1:}{2:} no such {3}"}
            error Pair(a string, b int32) {"en": "{1:}{2:} {a} and {:4}"}
            """)
        #expect(!compilation.diagnostics.hasErrors, "\(compilation.diagnostics.render())")
        let swift = try #require(compilation.swiftFiles(onlyRequested: true).first).contents
        #expect(swift.contains(#"public var message: String { "no such \(self.name)" }"#))
        #expect(swift.contains(#"public var message: String { "\(self.a) and : \(self.b)" }"#))
    }

    @Test func positionsBeyondTheParametersAreErrors() throws {
        let compilation = try compileSingle("package p\n\nerror E(name string) {\"en\": \"{4}\"}\n")
        #expect(compilation.diagnostics.diagnostics.contains { $0.message.contains("refers to {4}, which is not a parameter") })
    }

    @Test func argumentsMayBeBareTypes() throws {
        let compilation = try compileSingle("""
            package p

            type I interface {
            \tGet(string, int32) (string | error)
            \tPut([]byte) error
            \tMixed(a, b string) (int32, bool | error)
            }
            """)
        #expect(!compilation.diagnostics.hasErrors, "\(compilation.diagnostics.render())")
        let method = try #require(compilation.module?.packages.first?.interfaces.first?.methods.first)
        #expect(method.inArgs.map(\.name) == ["Arg0", "Arg1"])
        #expect(method.inArgs.map(\.number) == [1, 2])
        let mixed = try #require(compilation.module?.packages.first?.interfaces.first?.methods.last)
        #expect(mixed.inArgs.map(\.name) == ["a", "b"])
        #expect(mixed.outArgs.map(\.name) == ["Result0", "Result1"])
    }
}

/// Found by FuzzParser: a file of thousands of bad characters made diagnostics quadratic.
struct HopelessInputTests {
    @Test func thousandsOfBadCharactersAreReportedQuickly() throws {
        let start = ContinuousClock.now
        let run = try compileSingle("package p\n" + String(repeating: "@", count: 12_000))
        let separated = try compileSingle("package p\n" + String(repeating: "@ ", count: 6_000))
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(run.diagnostics.errorCount == 1)
        #expect(run.diagnostics.diagnostics.first?.message.contains("(12000 times)") == true)
        #expect(separated.diagnostics.errorCount == 6_000)
        #expect(separated.diagnostics.diagnostics.count == 100)
        #expect(separated.diagnostics.render().contains("5900 more errors not shown"))
    }
}

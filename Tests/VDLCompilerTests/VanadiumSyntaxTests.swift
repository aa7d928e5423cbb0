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

import Foundation
import Testing
@testable import VDLCompiler

/// One invalid IDL root under `Invalid/<name>/` and the error it must produce.
struct InvalidCase: CustomTestStringConvertible, Sendable {
    /// The folder under `Invalid/`: an IDL root.
    let name: String
    /// Packages to compile (their imports are loaded too).
    var packages: [String] = ["p"]
    /// Where the error must be reported, relative to the IDL root.
    var file = "p/p.vdl"
    let line: Int
    let column: Int
    /// A distinctive part of the message.
    let message: String
    /// How many errors the whole compilation reports (a minimal case should report exactly one).
    var errorCount = 1

    var testDescription: String { name }
}

/// One case per diagnostic the lexer, parser, loader and checker must produce.
let invalidCases: [InvalidCase] = [
    // Names and imports.
    InvalidCase(name: "unknown-type", line: 4, column: 4, message: "undefined: Nope"),
    InvalidCase(name: "unknown-qualified-name", line: 6, column: 11, message: "undefined: access.Nope"),
    InvalidCase(name: "unknown-import", line: 3, column: 8, message: "imported package \"no/such\" not found"),
    InvalidCase(name: "import-cycle", packages: ["a"], file: "b/b.vdl", line: 3, column: 8, message: "import cycle: \"a\" imports \"b\" imports \"a\""),

    // Duplicates.
    InvalidCase(name: "duplicate-type", line: 7, column: 6, message: "A redeclared in package p"),
    InvalidCase(name: "duplicate-field", line: 5, column: 2, message: "duplicate field X in A"),
    InvalidCase(name: "duplicate-union-arm", line: 6, column: 2, message: "duplicate arm X in U"),
    InvalidCase(name: "duplicate-enum-label", line: 6, column: 2, message: "duplicate label Red in enum Color"),
    InvalidCase(name: "duplicate-method", line: 5, column: 2, message: "duplicate method Get in interface Service"),
    InvalidCase(name: "duplicate-error", line: 5, column: 7, message: "NotFound redeclared in package p"),
    // Kinds differ, and the constant comes first: the later type is the redeclaration.
    InvalidCase(name: "duplicate-const-type", line: 5, column: 6, message: "A redeclared in package p: type here, constant at p/p.vdl:3:7"),

    // Type definitions.
    InvalidCase(name: "empty-union", line: 3, column: 8, message: "union U has no arms"),
    InvalidCase(name: "empty-enum", line: 3, column: 8, message: "enum E has no labels"),
    InvalidCase(name: "struct-contains-itself", line: 3, column: 6, message: "type A contains itself"),
    InvalidCase(name: "struct-cycle", line: 3, column: 6, message: "A.Next -> B.Back -> A"),
    InvalidCase(name: "defined-type-recursion", line: 3, column: 6, message: "recursive type L must go through a struct or union"),
    InvalidCase(name: "map-key-list", line: 3, column: 8, message: "invalid map key type []int32"),
    InvalidCase(name: "map-key-map", line: 3, column: 8, message: "invalid map key type map[string]int32"),
    InvalidCase(name: "map-key-any", line: 3, column: 8, message: "invalid map key type any"),
    InvalidCase(name: "map-key-union", line: 7, column: 8, message: "union U is not comparable"),
    InvalidCase(name: "map-key-struct-with-list", line: 8, column: 8, message: "field K.Parts: lists are not comparable"),
    InvalidCase(name: "set-key-list", line: 3, column: 8, message: "invalid set key type []string"),
    InvalidCase(name: "optional-non-struct", line: 4, column: 4, message: "invalid optional type ?int32"),
    InvalidCase(name: "array-length-negative", line: 3, column: 9, message: "array length must be a non-negative integer constant, got -1"),
    InvalidCase(name: "array-length-float", line: 3, column: 9, message: "array length must be a non-negative integer constant, got untyped float constant"),
    InvalidCase(name: "array-length-type", line: 5, column: 9, message: "N is a type, not a constant"),

    // Constants.
    InvalidCase(name: "const-overflow-byte", line: 3, column: 11, message: "constant 256 overflows byte"),
    InvalidCase(name: "const-overflow-int8", line: 3, column: 11, message: "constant -129 overflows int8"),
    InvalidCase(name: "const-overflow-uint16", line: 3, column: 11, message: "constant -1 overflows uint16"),
    InvalidCase(name: "const-float-truncated", line: 3, column: 11, message: "constant 1.5 truncated to integer in int32"),
    InvalidCase(name: "const-division-by-zero", line: 3, column: 14, message: "division by zero"),
    InvalidCase(name: "const-mismatched-types", line: 3, column: 20, message: "mismatched types int32 and int64 in +"),
    InvalidCase(name: "const-string-to-int", line: 3, column: 11, message: "cannot use untyped string constant \"a\" as int32"),
    InvalidCase(name: "unknown-enum-label", line: 8, column: 17, message: "enum Color has no label Blue"),
    InvalidCase(name: "unknown-struct-field", line: 7, column: 28, message: "has no field Z"),
    InvalidCase(name: "too-few-struct-values", line: 7, column: 16, message: "too few values in struct literal"),
    InvalidCase(name: "duplicate-map-key", line: 3, column: 36, message: "duplicate key in map literal"),
    InvalidCase(name: "duplicate-set-element", line: 3, column: 28, message: "duplicate element in set literal"),

    // Interfaces and tags.
    InvalidCase(name: "embedded-method-conflict", line: 11, column: 6, message: "method Get of interface Both conflicts: declared by both p.Reader and p.Fetcher"),
    InvalidCase(name: "interface-embeds-itself", line: 3, column: 6, message: "interface Loop embeds itself"),
    InvalidCase(name: "embed-non-interface", line: 6, column: 2, message: "Name is a type, not an interface"),
    InvalidCase(name: "tag-is-type", line: 6, column: 22, message: "access.Tag is a type, not a constant"),
    InvalidCase(name: "tag-is-error", line: 6, column: 15, message: "Oops is an error, not a constant"),
    InvalidCase(name: "tag-is-nil", line: 4, column: 15, message: "method tag nil has no type"),

    // Wire numbers.
    InvalidCase(name: "duplicate-pinned-number", line: 5, column: 13, message: "wire number 2 of field B is already used by A"),
    InvalidCase(name: "pinned-number-reserved", line: 5, column: 13, message: "wire number 3 of field A is reserved in S"),
    InvalidCase(name: "pinned-number-zero", line: 4, column: 13, message: "wire number 0 is out of range"),
    InvalidCase(name: "pinned-number-protobuf-reserved", line: 4, column: 13, message: "wire number 19000 is reserved by protobuf"),
    InvalidCase(name: "pinned-number-too-large", line: 4, column: 13, message: "wire number 536870912 is out of range"),

    // Errors.
    InvalidCase(name: "error-message-unknown-parameter", line: 3, column: 36, message: "refers to {nope}, which is not a parameter"),
    InvalidCase(name: "unknown-retry-action", line: 3, column: 15, message: "unknown retry action RetrySometimes"),

    // Syntax.
    InvalidCase(name: "missing-package-clause", line: 1, column: 1, message: "expected 'package' clause"),
    InvalidCase(name: "missing-closing-brace", line: 5, column: 1, message: "expected '}' to close the struct, found end of file"),
    InvalidCase(name: "stray-token", line: 4, column: 1, message: "expected a declaration (type, const or error), found ')'"),

    // Lexer.
    InvalidCase(name: "unterminated-string", line: 3, column: 11, message: "unterminated string literal"),
    InvalidCase(name: "unterminated-block-comment", line: 5, column: 1, message: "unterminated block comment"),
    InvalidCase(name: "unexpected-character", line: 3, column: 15, message: "unexpected character \"#\""),
]

/// A further diagnostic from docs/idl.md §11, with its source inline (no resource folder).
struct InlineCase: CustomTestStringConvertible, Sendable {
    let name: String
    /// Relative path → contents; a plain `source` is `p/p.vdl`.
    let files: [String: String]
    var packages: [String] = ["p"]
    var file = "p/p.vdl"
    let line: Int
    let column: Int
    let message: String
    var severity: Diagnostic.Severity = .error

    init(_ name: String, _ source: String, line: Int, column: Int, _ message: String) {
        self.name = name
        self.files = ["p/p.vdl": source]
        self.line = line
        self.column = column
        self.message = message
    }

    init(_ name: String, files: [String: String], packages: [String], file: String, line: Int, column: Int, _ message: String,
         severity: Diagnostic.Severity = .error) {
        self.name = name
        self.files = files
        self.packages = packages
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.severity = severity
    }

    var testDescription: String { name }
}

let inlineCases: [InlineCase] = [
    // Lexical and syntax.
    InlineCase("non-ASCII outside strings", "package p\n\n\n\ntype Café string\n", line: 5, column: 9, "unexpected character \"é\""),
    InlineCase("number running into letters", "package p\n\nconst X = 12abc\n", line: 3, column: 11, "invalid integer literal 12abc"),
    InlineCase("exponent without digits", "package p\n\nconst X = 1e\n", line: 3, column: 11, "exponent has no digits"),
    InlineCase("unknown escape", "package p\n\nconst X = \"a\\qb\"\n", line: 3, column: 11, "unknown escape sequence \"\\q\" in string"),
    InlineCase("bad unicode escape", "package p\n\nconst X = \"\\uZZ\"\n", line: 3, column: 11, "invalid \\u escape"),
    InlineCase("import after a declaration", "package p\n\ntype A string\n\nimport \"q\"\n", line: 5, column: 1, "imports must come before all other declarations"),
    InlineCase("relative import path", "package p\n\nimport \"./a\"\n", line: 3, column: 8, "invalid import path \"./a\""),
    InlineCase("inline struct type", "package p\n\ntype A struct {\n\tB struct {}\n}\n", line: 4, column: 4, "struct types must be named"),
    InlineCase("keyword as a field name", "package p\n\ntype A struct {\n\tmap string\n}\n", line: 4, column: 2, "expected field name, found keyword 'map'"),
    InlineCase("one pinned number for two fields", "package p\n\ntype S struct {\n\tX, Y int32 = 5\n}\n", line: 4, column: 5, "a pinned wire number applies to one field; declare X, Y separately"),
    InlineCase("missing comma before a line end", "package p\n\ntype S interface {\n\tPut(\n\t\tkey string,\n\t\tvalue int32\n\t) error\n}\n", line: 7, column: 2, "expected ')' to close the argument list, found end of line"),
    InlineCase("method without error", "package p\n\ntype S interface {\n\tGet() string\n}\n", line: 4, column: 8, "method Get must end with 'error' or '(results | error)', found 'string'"),
    InlineCase("results without error", "package p\n\ntype S interface {\n\tGet() (string)\n}\n", line: 4, column: 15, "method Get results must end with '| error', found ')'"),
    InlineCase("stream with one type", "package p\n\ntype S interface {\n\tGet() stream<int32> error\n}\n", line: 4, column: 20, "expected ',' between the stream's in and out types, found '>'"),
    InlineCase("two retry actions", "package p\n\nerror Twice() {NoRetry, RetryBackoff}\n", line: 3, column: 25, "error Twice has more than one retry action"),

    // Names.
    InlineCase("built-in name redeclared", "package p\n\ntype string struct {}\n", line: 3, column: 6, "cannot declare string: it is a built-in name"),
    InlineCase("constant used as a type", "package p\n\nconst Origin = 1\n\ntype A struct {\n\tX Origin\n}\n", line: 6, column: 4, "Origin is a constant, not a type"),
    InlineCase("type used as a constant", "package p\n\nconst X = int32\n", line: 3, column: 11, "int32 is a type, not a constant"),
    InlineCase("unknown package qualifier", "package p\n\ntype A struct {\n\tX geo.Point\n}\n", line: 4, column: 4, "undefined: geo (not an imported package)"),
    InlineCase("two imports with one name",
               files: ["a/a.vdl": "package a\n\ntype T string\n", "b/a/a.vdl": "package a\n\ntype U string\n",
                       "c/c.vdl": "package c\n\nimport (\n\t\"a\"\n\t\"b/a\"\n)\n\ntype X struct {\n\tT a.T\n}\n"],
               packages: ["c"], file: "c/c.vdl", line: 5, column: 2, "import name a is used for both \"a\" and \"b/a\"; give one an alias"),
    InlineCase("package name mismatch in one directory",
               files: ["geo/a.vdl": "package geo\n\ntype A string\n", "geo/b.vdl": "package geometry\n\ntype B string\n"],
               packages: ["geo"], file: "geo/b.vdl", line: 1, column: 9, "package geometry in geo/b.vdl does not match package geo in geo/a.vdl"),
    InlineCase("imported directory without .vdl files",
               files: ["empty/README.txt": "nothing here\n", "p/p.vdl": "package p\n\nimport \"empty\"\n\ntype A string\n"],
               packages: ["p"], file: "p/p.vdl", line: 3, column: 8, "imported package \"empty\" has no .vdl files"),
    InlineCase("unused import is a warning",
               files: ["q/q.vdl": "package q\n\ntype T string\n", "p/p.vdl": "package p\n\nimport \"q\"\n\ntype A string\n"],
               packages: ["p"], file: "p/p.vdl", line: 3, column: 8, "\"q\" imported and not used", severity: .warning),

    // Types.
    InlineCase("union whose first arm is itself", "package p\n\ntype U union {\n\tSelf U\n\tOther int32\n}\n", line: 3, column: 6, "(U.Self -> U)"),
    InlineCase("struct containing an array of itself", "package p\n\ntype Arr struct {\n\tTwo [2]Arr\n}\n", line: 3, column: 6, "(Arr.Two -> Arr)"),
    InlineCase("defined types defined by each other", "package p\n\ntype A B\n\ntype B A\n", line: 3, column: 6, "invalid recursive type A: its definition refers to itself"),
    InlineCase("struct as its own set element", "package p\n\ntype S struct {\n\tSet set[S]\n}\n", line: 4, column: 6, "invalid set key type p.S: field S.Set: sets are not comparable"),
    InlineCase("array too long", "package p\n\ntype A [2000000]byte\n", line: 3, column: 9, "array length 2000000 is too large (at most 1048576)"),
    InlineCase("pinned number is a string", "package p\n\ntype S struct {\n\tA string = \"x\"\n}\n", line: 4, column: 13, "wire number must be an integer constant, got untyped string constant"),
    InlineCase("reserved number zero", "package p\n\ntype S struct {\n\treserved 0\n\tA string\n}\n", line: 4, column: 11, "reserved number 0 is out of range"),
    InlineCase("number reserved twice", "package p\n\ntype S struct {\n\treserved 3\n\treserved 3\n\tA string\n}\n", line: 5, column: 11, "wire number 3 is reserved twice in S"),

    // Constants.
    InlineCase("struct conversion between distinct types",
               "package p\n\ntype Point struct {\n\tX int32\n}\n\ntype Pos Point\n\nconst P = Pos(Point{})\n", line: 9, column: 11, "cannot use constant of type p.Point as p.Pos"),
    InlineCase("union literal with two arms",
               "package p\n\ntype U union {\n\tA int32\n\tB string\n}\n\nconst X = U{A: 1, B: \"x\"}\n", line: 8, column: 11, "union literal of p.U must set exactly one arm"),
    InlineCase("constant refers to itself", "package p\n\nconst R = R + 1\n", line: 3, column: 7, "constant R refers to itself"),

    // Errors and interfaces.
    InlineCase("two messages for one language", "package p\n\nerror Lang() {\"en\": \"a\", \"en\": \"b\"}\n", line: 3, column: 32, "error Lang has two messages for language \"en\""),
    InlineCase("duplicate argument", "package p\n\ntype I interface {\n\tPut(a string, a int32) error\n}\n", line: 4, column: 16, "duplicate argument a in method Put (first at p/p.vdl:4:6)"),
    InlineCase("interface embedded twice", "package p\n\ntype A interface {\n\tPing() error\n}\n\ntype B interface {\n\tA\n\tA\n}\n", line: 9, column: 2, "interface B embeds A twice"),
    InlineCase("own method named like an embedded one",
               "package p\n\ntype Base interface {\n\tGet() error\n}\n\ntype Own interface {\n\tBase\n\tGet() error\n}\n", line: 9, column: 2, "method Get of interface Own conflicts: declared by both p.Own and p.Base"),
]

/// Folders checked outside the table (by dedicated tests below).
let extraInvalidFolders = ["three-errors"]
let allInvalidFolders = invalidCases.map(\.name) + extraInvalidFolders

@Suite("Diagnostics")
struct DiagnosticTests {
    static func root(_ name: String) -> URL {
        TestPaths.resource("Invalid").appendingPathComponent(name, isDirectory: true)
    }

    /// Checks that `diagnostics` holds the expected error, and that `render()` shows its source line and a caret.
    static func expectError(
        _ diagnostics: DiagnosticCollector, root: URL, file: String, line: Int, column: Int, message: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        #expect(diagnostics.hasErrors, "no errors were reported", sourceLocation: sourceLocation)
        let matching = diagnostics.errors.filter { $0.message.contains(message) }
        let found = try #require(
            matching.first,
            "no error mentions \"\(message)\"; got:\n\(diagnostics.errorSummary)", sourceLocation: sourceLocation)
        let location = try #require(found.location, "the error has no location: \(found)", sourceLocation: sourceLocation)
        #expect(location.file == file, "wrong file in \(found)", sourceLocation: sourceLocation)
        #expect(location.line == line && location.column == column,
                "expected \(file):\(line):\(column), got \(found)", sourceLocation: sourceLocation)

        // The rendered diagnostic: header, the source line, a caret under the column.
        let rendered = diagnostics.render()
        #expect(rendered.contains("\(location): error: "), "render() lacks the header:\n\(rendered)", sourceLocation: sourceLocation)
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let sourceLine = line <= lines.count ? lines[line - 1] : ""
        let padding = String(sourceLine.utf8.prefix(column - 1).map { $0 == UInt8(ascii: "\t") ? "\t" : " " }.joined())
        let snippet = "    \(sourceLine)\n    \(padding)^"
        #expect(rendered.contains(snippet), "render() lacks the source line and caret:\n\(snippet)\n--- got:\n\(rendered)", sourceLocation: sourceLocation)
    }

    @Test("the expected error at its file:line:col, rendered with a caret", arguments: invalidCases)
    func invalidPackage(_ testCase: InvalidCase) throws {
        let root = Self.root(testCase.name)
        #expect(FileManager.default.fileExists(atPath: root.path), "missing resource folder \(root.path)")
        let compilation = Compilation(idlRoot: root, packages: testCase.packages)
        try Self.expectError(compilation.diagnostics, root: root, file: testCase.file, line: testCase.line,
                             column: testCase.column, message: testCase.message)
        #expect(compilation.diagnostics.errorCount == testCase.errorCount,
                "expected \(testCase.errorCount) error(s), got:\n\(compilation.diagnostics.errorSummary)")
        #expect(compilation.module == nil, "a module was produced despite errors")
    }

    /// `vdlc check --idl-root ROOT` compiles every package under the root; its first printed
    /// diagnostic must point into a file.
    @Test("the CLI-equivalent check (all packages) reports a located error first", arguments: allInvalidFolders)
    func invalidRootAsCLI(_ name: String) throws {
        let compilation = Compilation(idlRoot: Self.root(name), packages: [])
        #expect(compilation.diagnostics.hasErrors)
        let first = try #require(compilation.diagnostics.sorted.first)
        #expect(first.location != nil, "first diagnostic has no location: \(first)")
    }

    @Test("documented diagnostics (inline sources)", arguments: inlineCases)
    func inlineDiagnostic(_ testCase: InlineCase) throws {
        let root = try TemporaryIDLRoot(testCase.files)
        let compilation = Compilation(idlRoot: root.url, packages: testCase.packages)
        let diagnostics = compilation.diagnostics
        if testCase.severity == .error {
            try Self.expectError(diagnostics, root: root.url, file: testCase.file, line: testCase.line,
                                 column: testCase.column, message: testCase.message)
        } else {
            #expect(!diagnostics.hasErrors, "\(diagnostics.render())")
            #expect(compilation.module != nil)
            let found = diagnostics.diagnostics.first { $0.severity == testCase.severity && $0.message.contains(testCase.message) }
            #expect(found?.location?.description == "\(testCase.file):\(testCase.line):\(testCase.column)",
                    "got:\n\(diagnostics.render())")
            #expect(diagnostics.render().contains("\(testCase.file):\(testCase.line):\(testCase.column): warning: "))
        }
    }

    /// The same interface reached through two embedding paths is one method, not a conflict.
    @Test func diamondEmbeddingIsFine() throws {
        let compilation = try compileSingle("""
            package p

            type Pinger interface {
            \tPing() error
            }

            type Reader interface {
            \tPinger
            \tRead() error
            }

            type Writer interface {
            \tPinger
            \tWrite() error
            }

            type Both interface {
            \tReader
            \tWriter
            }
            """)
        let package = try checkedPackage(compilation)
        let both = try #require(package.interfaces.first { $0.name.name == "Both" })
        #expect(both.allMethods.map { "\($0.interface.name).\($0.name)" } == ["Reader.Read", "Pinger.Ping", "Writer.Write"])
    }

    // MARK: Cases that need more than the table

    /// A file with three independent mistakes (a semantic error, a constant error and a syntax
    /// error in three declarations) reports all three in one run.
    @Test func threeIndependentErrorsInOneRun() throws {
        let root = Self.root("three-errors")
        let compilation = Compilation(idlRoot: root, packages: ["p"])
        let diagnostics = compilation.diagnostics
        #expect(diagnostics.errorCount == 3, "expected 3 errors, got:\n\(diagnostics.errorSummary)")
        try Self.expectError(diagnostics, root: root, file: "p/p.vdl", line: 4, column: 4, message: "undefined: Nope")
        try Self.expectError(diagnostics, root: root, file: "p/p.vdl", line: 7, column: 11, message: "constant 300 overflows int8")
        try Self.expectError(diagnostics, root: root, file: "p/p.vdl", line: 11, column: 8, message: "found 'Blue'")
        // Sorted in reading order.
        #expect(diagnostics.sorted.compactMap(\.location?.line) == [4, 7, 11])
    }

    /// Recursion through an optional field or a list has a finite value and must be accepted.
    @Test func recursionThroughOptionalAndListIsValid() throws {
        let compilation = try compileSingle("""
            package p

            type A struct {
            \tNext ?A
            \tKids []A
            \tByName map[string]A
            }

            type B struct {
            \tC ?C
            }

            type C struct {
            \tBs []B
            \tB B
            }
            """)
        #expect(!compilation.diagnostics.hasErrors, "\(compilation.diagnostics.render())")
        #expect(compilation.module != nil)
        let next = try fields(compilation, of: "A").first { $0.name == "Next" }
        #expect(next?.isRecursive == true, "the ?A field must be marked recursive so Swift boxes it")
    }

    /// The `~~~` under a diagnostic must stay on the token it points at: as long as its length,
    /// inside the line, over name characters only.
    static func expectUnderlineOnAName(_ folder: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let root = Self.root(folder)
        let compilation = Compilation(idlRoot: root, packages: ["p"])
        let error = try #require(compilation.diagnostics.errors.first, sourceLocation: sourceLocation)
        let location = try #require(error.location, sourceLocation: sourceLocation)
        let text = try String(contentsOf: root.appendingPathComponent(location.file), encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)[location.line - 1]
        let underlined = String(decoding: Array(line.utf8).dropFirst(location.column - 1).prefix(error.length), as: UTF8.self)
        #expect(underlined.utf8.count == error.length, "the underline runs past the end of the line: \(error)", sourceLocation: sourceLocation)
        #expect(underlined.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." },
                "the underline covers \"\(underlined)\", not a name: \(error)", sourceLocation: sourceLocation)
    }

    @Test func undefinedQualifiedNameUnderlinesTheName() throws {
        try Self.expectUnderlineOnAName("unknown-qualified-name")
    }

    @Test
    func qualifiedTagUnderlinesTheName() throws {
        try Self.expectUnderlineOnAName("tag-is-type")
    }

    /// Diagnostics without a place (a missing IDL root) still render, without a snippet.
    @Test func missingRootIsReportedWithoutLocation() {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-root-\(UUID().uuidString)")
        let compilation = Compilation(idlRoot: missing, packages: ["p"])
        #expect(compilation.diagnostics.hasErrors)
        #expect(compilation.diagnostics.errors.allSatisfy { $0.location == nil })
        #expect(compilation.diagnostics.render().hasPrefix("error: "))
    }

    /// Every resource folder under Invalid/ is exercised by the table (no stale or forgotten cases).
    @Test func everyInvalidFolderHasACase() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: TestPaths.resource("Invalid").path)
            .filter { !$0.hasPrefix(".") }
        let covered = Set(allInvalidFolders)
        #expect(Set(folders) == covered, "folders without a case: \(Set(folders).subtracting(covered).sorted()); cases without a folder: \(covered.subtracting(folders).sorted())")
    }
}

/// The checks of names the emitters cannot represent (`Compilation.checkGeneratedNames`, run by
/// `vdlc check` and `vdlc generate`).
@Suite("Generated-name checks")
struct GeneratedNameTests {
    static func check(_ files: [String: String], packages: [String] = [], swift: Bool = true, proto: Bool = true) throws -> DiagnosticCollector {
        let root = try TemporaryIDLRoot(files)
        let compilation = Compilation(idlRoot: root.url, packages: packages)
        #expect(!compilation.diagnostics.hasErrors, "the IDL itself must be valid:\n\(compilation.diagnostics.render())")
        compilation.checkGeneratedNames(onlyRequested: false, swift: swift, proto: proto)
        return compilation.diagnostics
    }

    @Test func typeShadowingASwiftType() throws {
        let diagnostics = try Self.check(["p/p.vdl": "package p\n\ntype String struct {\n\tX int32\n}\n"], proto: false)
        let error = try #require(diagnostics.errors.first, "no error")
        #expect(error.message.contains("String would shadow the type String that the generated Swift uses"))
        #expect(error.location?.description == "p/p.vdl:3:6")
    }

    @Test func typeNamedLikeAnInterfaceMember() throws {
        let diagnostics = try Self.check(["p/p.vdl": "package p\n\ntype Client struct {}\n\ntype I interface {\n\tPing() error\n}\n"], proto: false)
        #expect(diagnostics.errors.contains { $0.message.contains("Client would be hidden by the Client that vdlc generates inside each interface") },
                "\(diagnostics.errorSummary)")
    }

    @Test func methodUsingATypeNamedLikeIt() throws {
        let diagnostics = try Self.check(["p/p.vdl": "package p\n\ntype Get struct {}\n\ntype I interface {\n\tGet(g Get) error\n}\n"], proto: false)
        let error = try #require(diagnostics.errors.first { $0.message.contains("method I.Get uses the type Get") }, "\(diagnostics.errorSummary)")
        #expect(error.location?.description == "p/p.vdl:6:2")
    }

    @Test func typeNamedLikeAGeneratedProtoMessage() throws {
        let diagnostics = try Self.check(["p/p.vdl": "package p\n\ntype ListOfString struct {}\n\ntype S struct {\n\tL [][]string\n}\n"], swift: false)
        let error = try #require(diagnostics.errors.first { $0.message.contains("would declare ListOfString twice") }, "\(diagnostics.errorSummary)")
        #expect(error.location?.description == "p/p.vdl:3:6")
    }

    @Test func interfaceAndMethodNamesConcatenatingAlike() throws {
        let diagnostics = try Self.check(["p/p.vdl": "package p\n\ntype A interface {\n\tBC() error\n}\n\ntype AB interface {\n\tC() error\n}\n"], swift: false)
        #expect(diagnostics.errors.contains { $0.message.contains("would declare ABCRequest twice") }, "\(diagnostics.errorSummary)")
    }

    @Test func twoPackagesWithOneSwiftNamespace() throws {
        let diagnostics = try Self.check([
            "a/x/x.vdl": "package x\n\ntype A string\n",
            "b/x/x.vdl": "package x\n\ntype B string\n",
        ], proto: false)
        #expect(diagnostics.errors.contains { $0.message.contains("would both generate the Swift namespace X") }, "\(diagnostics.errorSummary)")
    }

    @Test func validNamesPass() throws {
        let diagnostics = try Self.check(["p/p.vdl": "package p\n\ntype Point struct {\n\tX int32\n}\n\ntype I interface {\n\tGet(p Point) (Point | error)\n}\n"])
        #expect(!diagnostics.hasErrors, "\(diagnostics.render())")
    }

    /// Fields whose names differ only in case of an initialism (`ID`, `Id`) become the same Swift
    /// property `id` and the same proto field `id`.
    @Test
    func fieldsCollidingAfterCaseConversion() throws {
        let diagnostics = try Self.check(["p/p.vdl": "package p\n\ntype S struct {\n\tID string\n\tId string\n}\n"])
        #expect(diagnostics.hasErrors, "ID and Id both become `id`")
    }
}

import Testing
@testable import VDLCompiler

/// Lexes `text` and returns the tokens (without the final end of file) and the diagnostics.
private func lex(_ text: String) -> (tokens: [Token], comments: [VDLCompiler.Comment], diagnostics: DiagnosticCollector) {
    let diagnostics = DiagnosticCollector()
    var lexer = Lexer(source: SourceFile(path: "t.vdl", text: text), diagnostics: diagnostics)
    let (tokens, comments) = lexer.tokenize()
    #expect(tokens.last?.kind == .endOfFile, "the token stream must end with endOfFile")
    return (Array(tokens.dropLast()), comments, diagnostics)
}

/// A compact spelling of a token stream: semicolons as `;` (inserted ones as `⏎`), the rest by text.
private func spell(_ tokens: [Token]) -> String {
    tokens.map { token in
        switch token.kind {
        case .semicolon: return token.length == 0 ? "⏎" : ";"
        default: return token.text
        }
    }.joined(separator: " ")
}

/// Parses one file and returns its syntax (nil when the package clause is missing).
private func parse(_ text: String) -> (file: FileSyntax?, diagnostics: DiagnosticCollector) {
    let diagnostics = DiagnosticCollector()
    var parser = Parser(source: SourceFile(path: "p/p.vdl", text: text), diagnostics: diagnostics)
    return (parser.parseFile(), diagnostics)
}

@Suite("Lexer")
struct LexerTests {
    // MARK: Automatic semicolons

    /// A line ending after an identifier, a literal, `)`, `]`, `}` (or the keyword `error`, which
    /// ends a method's result) ends the statement.
    @Test(arguments: [
        ("name\nnext", "name ⏎ next"),
        ("42\nnext", "42 ⏎ next"),
        ("0x1F\nnext", "0x1F ⏎ next"),
        ("1.5\nnext", "1.5 ⏎ next"),
        ("\"s\"\nnext", "\"s\" ⏎ next"),
        ("`raw`\nnext", "`raw` ⏎ next"),
        ("f()\nnext", "f ( ) ⏎ next"),
        ("[]\nnext", "[ ] ⏎ next"),
        ("{}\nnext", "{ } ⏎ next"),
        ("error\nnext", "error ⏎ next"),
    ])
    func semicolonInsertedAfter(_ source: String, _ expected: String) {
        let (tokens, _, diagnostics) = lex(source)
        #expect(!diagnostics.hasErrors)
        // `next` ends the file without a newline: a semicolon is added at the end too.
        #expect(spell(tokens) == expected + " ⏎")
    }

    /// No semicolon after operators, opening brackets, commas or keywords that need a continuation.
    @Test(arguments: [
        "+", "-", "*", "/", "=", ",", ".", ":", "|", "<", ">", "<<", ">>", "&&", "||", "==", "!", "^", "&^",
        "(", "[", "{", "?", "type", "struct", "map", "set", "stream", "interface",
    ])
    func noSemicolonAfter(_ text: String) {
        let (tokens, _, _) = lex("\(text)\nnext")
        #expect(spell(tokens) == "\(text) next ⏎")
    }

    @Test func explicitAndInsertedSemicolonsAreDistinguished() {
        let (tokens, _, _) = lex("a; b\n")
        #expect(tokens.map(\.kind) == [.identifier, .semicolon, .identifier, .semicolon])
        #expect(tokens[1].text == ";" && tokens[1].length == 1)
        #expect(tokens[3].length == 0, "an inserted semicolon has no source text")
    }

    @Test func blankLinesInsertOneSemicolon() {
        let (tokens, _, _) = lex("a\n\n\n  \t\nb")
        #expect(spell(tokens) == "a ⏎ b ⏎")
    }

    @Test func lineCommentEndsTheLine() {
        let (tokens, comments, _) = lex("a // note\nb")
        #expect(spell(tokens) == "a ⏎ b ⏎")
        #expect(comments == [VDLCompiler.Comment(text: "note", startLine: 1, endLine: 1, isTrailing: true)])
    }

    @Test func blockCommentSpanningLinesActsAsNewline() {
        let (tokens, comments, _) = lex("a /* one\ntwo */ b")
        #expect(spell(tokens) == "a ⏎ b ⏎")
        #expect(comments.first?.startLine == 1 && comments.first?.endLine == 2)
    }

    @Test func blockCommentOnOneLineDoesNotEndTheLine() {
        let (tokens, _, _) = lex("a /* x */ + b")
        #expect(spell(tokens) == "a + b ⏎")
    }

    @Test func noSemicolonAtEndAfterOperator() {
        let (tokens, _, _) = lex("a +")
        #expect(spell(tokens) == "a +")
    }

    // MARK: Tokens

    @Test func longestPunctuationWins() {
        let (tokens, _, _) = lex("<< <= < >> >= > && & &^ || | == = != !")
        #expect(tokens.map(\.kind) == [
            .punctuation(.shiftLeft), .punctuation(.lessEqual), .punctuation(.less),
            .punctuation(.shiftRight), .punctuation(.greaterEqual), .punctuation(.greater),
            .punctuation(.logicalAnd), .punctuation(.ampersand), .punctuation(.andNot),
            .punctuation(.logicalOr), .punctuation(.pipe), .punctuation(.equal), .punctuation(.assign),
            .punctuation(.notEqual), .punctuation(.bang),
        ])
    }

    @Test func keywordsAndIdentifiers() {
        let (tokens, _, _) = lex("package type typeName error errors stream")
        #expect(tokens.map(\.kind) == [
            .keyword(.package), .keyword(.type), .identifier, .keyword(.error), .identifier, .keyword(.stream),
        ])
    }

    @Test(arguments: [("12", Token.Kind.integer), ("0x1f", .integer), ("0b101", .integer), ("1_000", .integer),
                      ("0X2a", .integer), ("0O52", .integer), ("052", .integer), ("0x_FF", .integer),
                      ("1.5", .float), (".5", .float), ("1.", .float), ("1e9", .float), ("2.5E-3", .float), ("1_0.2_5", .float)])
    func numbers(_ text: String, _ kind: Token.Kind) {
        let (tokens, _, diagnostics) = lex(text)
        #expect(!diagnostics.hasErrors)
        #expect(tokens.first?.kind == kind && tokens.first?.text == text)
    }

    @Test func tokenOffsetsAndLengths() {
        let (tokens, _, _) = lex("type Name string")
        #expect(tokens.map(\.offset) == [0, 5, 10, 16])
        #expect(tokens.map(\.length) == [4, 4, 6, 0])
    }

    @Test func unexpectedCharacterIsReportedAndSkipped() {
        let (tokens, _, diagnostics) = lex("a # b")
        #expect(spell(tokens) == "a b ⏎", "lexing continues after the bad character")
        #expect(diagnostics.errorCount == 1)
        #expect(diagnostics.errors.first?.message == "unexpected character \"#\"")
        #expect(diagnostics.errors.first?.location?.column == 3)
    }

    @Test func nonASCIICharacterIsReportedWhole() {
        let (_, _, diagnostics) = lex("a é")
        #expect(diagnostics.errors.first?.message == "unexpected character \"é\"")
    }

    @Test func unterminatedStringStopsAtLineEnd() {
        let (tokens, _, diagnostics) = lex("\"abc\nnext")
        #expect(diagnostics.errors.map(\.message) == ["unterminated string literal"])
        #expect(tokens.map(\.kind) == [.string, .semicolon, .identifier, .semicolon], "the next line is lexed normally")
    }

    @Test func rawStringMaySpanLines() {
        let (tokens, _, diagnostics) = lex("`a\nb`")
        #expect(!diagnostics.hasErrors)
        #expect(tokens.first?.text == "`a\nb`")
    }

    @Test func unterminatedBlockComment() {
        let (_, _, diagnostics) = lex("a\n/* never closed")
        #expect(diagnostics.errors.map(\.message) == ["unterminated block comment"])
        #expect(diagnostics.errors.first?.location?.line == 2)
    }

    // MARK: Doc comments

    @Test func commentBlockDirectlyAboveIsTheDoc() throws {
        let (file, diagnostics) = parse("""
            // Package p is documented.
            package p

            // A is documented
            // on two lines.
            type A string

            // Detached by a blank line.

            type B string

            // Not this one.

            // But this one.
            type C string
            type D string
            """)
        #expect(!diagnostics.hasErrors, "\(diagnostics.render())")
        let types = try #require(file?.types)
        #expect(file?.packageDoc == "Package p is documented.")
        #expect(types.map(\.doc) == ["A is documented\non two lines.", "", "But this one.", ""])
    }

    @Test func membersHaveDocs() throws {
        let (file, diagnostics) = parse("""
            package p

            type S struct {
            \t// X is first.
            \tX int32

            \t// Y is second.
            \tY int32
            \tZ int32
            }

            type E enum {
            \t// A label.
            \tL
            }

            const (
            \t// K is grouped.
            \tK = 1
            )

            // Iface is an interface.
            type Iface interface {
            \t// M is a method.
            \tM() error
            }

            // Err is an error.
            error Err()
            """)
        #expect(!diagnostics.hasErrors, "\(diagnostics.render())")
        let file_ = try #require(file)
        guard case .structure(let body, _) = try #require(file_.types.first).type else {
            Issue.record("S is not a struct")
            return
        }
        #expect(body.fields.map(\.doc) == ["X is first.", "Y is second.", ""])
        guard case .enumeration(let labels, _) = file_.types[1].type else {
            Issue.record("E is not an enum")
            return
        }
        #expect(labels.map(\.doc) == ["A label."])
        #expect(file_.consts.map(\.doc) == ["K is grouped."])
        #expect(file_.interfaces.map(\.doc) == ["Iface is an interface."])
        #expect(file_.interfaces.first?.methods.map(\.doc) == ["M is a method."])
        #expect(file_.errors.map(\.doc) == ["Err is an error."])
    }

    /// A comment that follows code on its line documents nothing, not even the next declaration
    /// (docs/idl.md §2).
    @Test func trailingCommentIsNotTheNextDeclarationsDoc() throws {
        let (file, diagnostics) = parse("""
            package p

            type A string // about A
            type B string

            type S struct {
            \tX int32 // the x coordinate
            \tY int32
            }
            """)
        #expect(!diagnostics.hasErrors)
        let types = try #require(file?.types)
        #expect(types.map(\.doc) == ["", "", ""])
        guard case .structure(let body, _) = types[2].type else {
            Issue.record("S is not a struct")
            return
        }
        #expect(body.fields.map(\.doc) == ["", ""])
    }

    @Test func commentsKnowWhetherTheyTrail() {
        let (_, comments, _) = lex("// above\na // after a\n/* own line */\n")
        #expect(comments.map(\.isTrailing) == [false, true, false])
    }

    /// A comment above `type (` is not attached to anything; each entry takes the comment above it.
    @Test func groupedDeclarationsTakeTheCommentAboveEachEntry() throws {
        let (file, _) = parse("""
            package p

            // About the group.
            type (
            	// A is first.
            	A string
            	B string
            )
            """)
        #expect(file?.types.map(\.doc) == ["A is first.", ""])
    }

    @Test func blockCommentAsDoc() throws {
        let (file, _) = parse("package p\n\n/* Block doc for R. */\ntype R string\n")
        #expect(file?.types.first?.doc.hasPrefix("Block doc for R.") == true, "doc: \(String(describing: file?.types.first?.doc))")
    }
}

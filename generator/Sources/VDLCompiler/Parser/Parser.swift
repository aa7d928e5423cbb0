/// Recursive-descent parser from tokens to a `FileSyntax`.
///
/// A syntax error is reported and the parser skips to the next declaration, so a file with several
/// independent mistakes reports all of them.
public struct Parser {
    private let source: SourceFile
    private let diagnostics: DiagnosticCollector
    private var tokens: [Token]
    private let comments: [Comment]
    private var index = 0
    /// Composite literals `T{...}` are not allowed where a `{` starts something else (method tags).
    private var compositeAllowed = true

    private struct SyntaxError: Error {}

    public init(source: SourceFile, diagnostics: DiagnosticCollector) {
        self.source = source
        self.diagnostics = diagnostics
        var lexer = Lexer(source: source, diagnostics: diagnostics)
        (self.tokens, self.comments) = lexer.tokenize()
    }

    /// Parses the file; nil only when even the `package` clause is missing.
    public mutating func parseFile() -> FileSyntax? {
        let doc = docComment(before: current)
        guard check(.keyword(.package)) else {
            error("expected 'package' clause at the start of the file", at: current)
            return nil
        }
        advance()
        guard let name = try? expectIdentifier("package name") else { return nil }
        var file = FileSyntax(path: source.path, packageName: name, packageDoc: doc)
        _ = try? expectSemicolon()

        while check(.keyword(.import)) {
            do { try parseImport(into: &file) } catch { recover() }
        }
        while !check(.endOfFile) {
            do { try parseDeclaration(into: &file) } catch { recover() }
        }
        return file
    }

    // MARK: Declarations

    private mutating func parseImport(into file: inout FileSyntax) throws {
        advance()
        if accept(.punctuation(.leftParen)) {
            while !check(.punctuation(.rightParen)), !check(.endOfFile) {
                file.imports.append(try parseImportSpec())
                try expectSemicolon(orBefore: .rightParen)
            }
            try expect(.punctuation(.rightParen), "')' to close the import list")
        } else {
            file.imports.append(try parseImportSpec())
        }
        try expectSemicolon()
    }

    private mutating func parseImportSpec() throws -> ImportSyntax {
        var alias: Identifier?
        if check(.identifier) { alias = try expectIdentifier("import alias") }
        let token = current
        guard check(.string) else {
            error("expected an import path string such as \"security/access\", found \(describe(token))", at: token)
            throw SyntaxError()
        }
        advance()
        let path = unquote(token)
        if path.isEmpty || path.hasPrefix("/") || path.hasSuffix("/") || path.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) {
            error("invalid import path \"\(path)\": use a package directory relative to the IDL root, like \"security/access\"", at: token)
        }
        return ImportSyntax(path: path, alias: alias, location: location(token))
    }

    private mutating func parseDeclaration(into file: inout FileSyntax) throws {
        let token = current
        switch token.kind {
        case .keyword(.type):
            advance()
            try parseGroup { parser in
                let doc = parser.docComment(before: parser.current)
                let name = try parser.expectIdentifier("type name")
                if parser.check(.keyword(.interface)) {
                    file.interfaces.append(try parser.parseInterface(name: name, doc: doc))
                } else {
                    file.types.append(TypeDeclSyntax(name: name, doc: doc, type: try parser.parseType(definition: true)))
                }
            }
        case .keyword(.const):
            advance()
            try parseGroup { parser in
                let doc = parser.docComment(before: parser.current)
                let name = try parser.expectIdentifier("constant name")
                try parser.expect(.punctuation(.assign), "'=' after the constant name")
                file.consts.append(ConstDeclSyntax(name: name, doc: doc, value: try parser.parseExpression()))
            }
        case .keyword(.error):
            advance()
            try parseGroup { parser in file.errors.append(try parser.parseErrorSpec()) }
        case .keyword(.import):
            error("imports must come before all other declarations", at: token)
            throw SyntaxError()
        case .semicolon:
            advance()
        default:
            error("expected a declaration (type, const or error), found \(describe(token))", at: token)
            throw SyntaxError()
        }
    }

    /// `keyword Spec` or `keyword ( Spec; Spec; ... )`.
    private mutating func parseGroup(_ spec: (inout Parser) throws -> Void) throws {
        if accept(.punctuation(.leftParen)) {
            while !check(.punctuation(.rightParen)), !check(.endOfFile) {
                do {
                    try spec(&self)
                    try expectSemicolon(orBefore: .rightParen)
                } catch {
                    recover(stopAtCloseParen: true)
                }
            }
            try expect(.punctuation(.rightParen), "')' to close the declaration group")
        } else {
            try spec(&self)
        }
        try expectSemicolon()
    }

    private mutating func parseErrorSpec() throws -> ErrorDeclSyntax {
        let doc = docComment(before: current)
        let name = try expectIdentifier("error name")
        let parameters = try parseParameterList(what: "error parameter")
        var decl = ErrorDeclSyntax(name: name, doc: doc, parameters: parameters, retryAction: nil, messages: [])
        guard accept(.punctuation(.leftBrace)) else { return decl }
        while !check(.punctuation(.rightBrace)), !check(.endOfFile) {
            if check(.identifier) {
                let action = try expectIdentifier("retry action")
                if decl.retryAction != nil {
                    error("error \(name.name) has more than one retry action", at: action.location)
                }
                decl.retryAction = action
            } else if check(.string) {
                let languageToken = current
                advance()
                try expect(.punctuation(.colon), "':' between the language and the message")
                let messageToken = current
                guard check(.string) else {
                    error("expected a message string after \(languageToken.text):", at: messageToken)
                    throw SyntaxError()
                }
                advance()
                decl.messages.append((unquote(languageToken), unquote(messageToken), location(messageToken)))
            } else {
                error("expected a retry action or \"lang\": \"message\" in error \(name.name), found \(describe(current))", at: current)
                throw SyntaxError()
            }
            if !accept(.punctuation(.comma)) { break }
        }
        try expect(.punctuation(.rightBrace), "'}' to close the error details")
        return decl
    }

    private mutating func parseInterface(name: Identifier, doc: String) throws -> InterfaceDeclSyntax {
        try expect(.keyword(.interface), "'interface'")
        try expect(.punctuation(.leftBrace), "'{' to open the interface")
        var decl = InterfaceDeclSyntax(name: name, doc: doc)
        while !check(.punctuation(.rightBrace)), !check(.endOfFile) {
            do {
                let memberDoc = docComment(before: current)
                let first = try expectIdentifier("method name or embedded interface")
                if check(.punctuation(.leftParen)) {
                    decl.methods.append(try parseMethod(name: first, doc: memberDoc))
                } else if accept(.punctuation(.dot)) {
                    let second = try expectIdentifier("interface name after '.'")
                    decl.embeds.append(EmbedSyntax(qualifier: first, name: second, doc: memberDoc))
                } else {
                    decl.embeds.append(EmbedSyntax(qualifier: nil, name: first, doc: memberDoc))
                }
                try expectSemicolon(orBefore: .rightBrace)
            } catch {
                recover(stopAtCloseBrace: true)
            }
        }
        try expect(.punctuation(.rightBrace), "'}' to close interface \(name.name)")
        return decl
    }

    private mutating func parseMethod(name: Identifier, doc: String) throws -> MethodSyntax {
        let inArgs = try parseParameterList(what: "argument")
        var inStream: TypeSyntax?
        var outStream: TypeSyntax?
        if accept(.keyword(.stream)) {
            try expect(.punctuation(.less), "'<' after 'stream'")
            inStream = try parseStreamType()
            try expect(.punctuation(.comma), "',' between the stream's in and out types")
            outStream = try parseStreamType()
            try expect(.punctuation(.greater), "'>' to close 'stream<In, Out>'")
        }
        let outArgs = try parseResults(method: name)
        var tags: [ExprSyntax] = []
        if accept(.punctuation(.leftBrace)) {
            while !check(.punctuation(.rightBrace)), !check(.endOfFile) {
                tags.append(try parseExpression())
                if !accept(.punctuation(.comma)) { break }
            }
            try expect(.punctuation(.rightBrace), "'}' to close the method tags")
        }
        return MethodSyntax(name: name, doc: doc, inArgs: inArgs, inStream: inStream, outStream: outStream, outArgs: outArgs, tags: tags)
    }

    private mutating func parseStreamType() throws -> TypeSyntax? {
        if check(.identifier), current.text == "_" {
            advance()
            return nil
        }
        return try parseType(definition: false)
    }

    /// `error` or `(results | error)`; every method can fail, so `error` is required.
    private mutating func parseResults(method: Identifier) throws -> [FieldSyntax] {
        if accept(.keyword(.error)) { return [] }
        guard accept(.punctuation(.leftParen)) else {
            error("method \(method.name) must end with 'error' or '(results | error)', found \(describe(current))", at: current)
            throw SyntaxError()
        }
        var results: [FieldSyntax] = []
        if looksLikeNamedParameters() {
            while !check(.punctuation(.pipe)), !check(.endOfFile), !check(.punctuation(.rightParen)) {
                results += try parseParameterGroup(what: "result")
                if !accept(.punctuation(.comma)) { break }
            }
        } else {
            // Unnamed results: `(bool | error)`, `(int32, string | error)`.
            var types: [TypeSyntax] = []
            while !check(.punctuation(.pipe)), !check(.endOfFile), !check(.punctuation(.rightParen)) {
                types.append(try parseType(definition: false))
                if !accept(.punctuation(.comma)) { break }
            }
            results = types.enumerated().map { index, type in
                let name = types.count == 1 ? "Result" : "Result\(index)"
                return FieldSyntax(name: Identifier(name, at: type.location), doc: "", type: type, number: nil)
            }
        }
        guard accept(.punctuation(.pipe)) else {
            error("method \(method.name) results must end with '| error', found \(describe(current))", at: current)
            throw SyntaxError()
        }
        try expect(.keyword(.error), "'error' after '|'")
        try expect(.punctuation(.rightParen), "')' to close the results")
        return results
    }

    /// `(a, b int32, c string)`: names share the type that follows them, as in Go; or bare types
    /// `(string, int32)`, which get the names `Arg0`, `Arg1`, ...
    private mutating func parseParameterList(what: String) throws -> [FieldSyntax] {
        try expect(.punctuation(.leftParen), "'(' to open the \(what) list")
        var parameters: [FieldSyntax] = []
        if !check(.punctuation(.rightParen)), !looksLikeNamedParameters() {
            var index = 0
            while !check(.punctuation(.rightParen)), !check(.endOfFile) {
                let type = try parseType(definition: false)
                parameters.append(FieldSyntax(name: Identifier("Arg\(index)", at: type.location), doc: "", type: type, number: nil))
                index += 1
                if !accept(.punctuation(.comma)) { break }
            }
            try expect(.punctuation(.rightParen), "')' to close the \(what) list")
            return parameters
        }
        while !check(.punctuation(.rightParen)), !check(.endOfFile) {
            parameters += try parseParameterGroup(what: what)
            if !accept(.punctuation(.comma)) { break }
        }
        try expect(.punctuation(.rightParen), "')' to close the \(what) list")
        return parameters
    }

    private mutating func parseParameterGroup(what: String) throws -> [FieldSyntax] {
        var names = [try expectIdentifier("\(what) name")]
        while check(.punctuation(.comma)), peek(1).kind == .identifier, isParameterName(at: 1) {
            advance()
            names.append(try expectIdentifier("\(what) name"))
        }
        let type = try parseType(definition: false)
        return names.map { FieldSyntax(name: $0, doc: "", type: type, number: nil) }
    }

    /// Whether a result list starts with names (`(a, b int32 | error)`) rather than bare types
    /// (`(int32, string | error)`): names are identifiers followed, after any commas, by a type.
    private func looksLikeNamedParameters() -> Bool {
        var ahead = 0
        while peek(ahead).kind == .identifier {
            switch peek(ahead + 1).kind {
            case .punctuation(.comma):
                ahead += 2
            case .punctuation(.pipe), .punctuation(.rightParen), .punctuation(.dot):
                return false
            default:
                return true
            }
        }
        return false
    }

    /// In `a, b int32`, `b` is a name because a type follows it; in `a int32, b string` it is not.
    private func isParameterName(at ahead: Int) -> Bool {
        let after = peek(ahead + 1)
        switch after.kind {
        case .punctuation(.comma): return true
        case .identifier, .keyword, .punctuation(.leftBracket), .punctuation(.question): return true
        default: return false
        }
    }

    // MARK: Types

    /// Parses a type; `definition` allows `struct`, `union` and `enum` bodies (only in `type X ...`).
    private mutating func parseType(definition: Bool) throws -> TypeSyntax {
        let token = current
        let loc = location(token)
        switch token.kind {
        case .identifier:
            let first = try expectIdentifier("type name")
            if accept(.punctuation(.dot)) {
                return .named(qualifier: first, name: try expectIdentifier("type name after '.'"))
            }
            return .named(qualifier: nil, name: first)
        case .keyword(.error):
            advance()
            return .named(qualifier: nil, name: Identifier("error", at: loc))
        case .punctuation(.leftBracket):
            advance()
            if accept(.punctuation(.rightBracket)) {
                return .list(element: try parseType(definition: false), location: loc)
            }
            let length = try parseExpression()
            try expect(.punctuation(.rightBracket), "']' after the array length")
            return .array(length: length, element: try parseType(definition: false), location: loc)
        case .keyword(.set):
            advance()
            try expect(.punctuation(.leftBracket), "'[' after 'set'")
            let key = try parseType(definition: false)
            try expect(.punctuation(.rightBracket), "']' after the set's key type")
            return .set(key: key, location: loc)
        case .keyword(.map):
            advance()
            try expect(.punctuation(.leftBracket), "'[' after 'map'")
            let key = try parseType(definition: false)
            try expect(.punctuation(.rightBracket), "']' after the map's key type")
            return .map(key: key, value: try parseType(definition: false), location: loc)
        case .punctuation(.question):
            advance()
            return .optional(try parseType(definition: false), location: loc)
        case .punctuation(.leftParen):
            advance()
            let inner = try parseType(definition: definition)
            try expect(.punctuation(.rightParen), "')'")
            return inner
        case .keyword(.struct), .keyword(.union):
            advance()
            let body = try parseStructBody(isUnion: token.kind == .keyword(.union))
            if !definition {
                error("\(token.text) types must be named: declare 'type Name \(token.text) {...}' and use Name here", at: token)
            }
            return token.kind == .keyword(.struct) ? .structure(body, location: loc) : .union(body, location: loc)
        case .keyword(.enum):
            advance()
            let labels = try parseEnumBody()
            if !definition {
                error("enum types must be named: declare 'type Name enum {...}' and use Name here", at: token)
            }
            return .enumeration(labels, location: loc)
        default:
            error("expected a type, found \(describe(token))", at: token)
            throw SyntaxError()
        }
    }

    private mutating func parseStructBody(isUnion: Bool) throws -> StructBodySyntax {
        let what = isUnion ? "union arm" : "field"
        try expect(.punctuation(.leftBrace), "'{' to open the \(isUnion ? "union" : "struct")")
        var body = StructBodySyntax()
        while !check(.punctuation(.rightBrace)), !check(.endOfFile) {
            do {
                if check(.identifier), current.text == "reserved", peek(1).kind == .integer {
                    let loc = location(current)
                    advance()
                    var numbers = [try parseExpression()]
                    while accept(.punctuation(.comma)) { numbers.append(try parseExpression()) }
                    body.reserved.append(ReservedSyntax(numbers: numbers, location: loc))
                } else {
                    let doc = docComment(before: current)
                    var names = [try expectIdentifier("\(what) name")]
                    while accept(.punctuation(.comma)) { names.append(try expectIdentifier("\(what) name")) }
                    let type = try parseType(definition: false)
                    var number: ExprSyntax?
                    if accept(.punctuation(.assign)) {
                        number = try parseExpression()
                        if names.count > 1 {
                            error("a pinned wire number applies to one \(what); declare \(names.map(\.name).joined(separator: ", ")) separately", at: names[1].location)
                        }
                    }
                    body.fields += names.map { FieldSyntax(name: $0, doc: doc, type: type, number: number) }
                }
                try expectSemicolon(orBefore: .rightBrace)
            } catch {
                recover(stopAtCloseBrace: true)
            }
        }
        try expect(.punctuation(.rightBrace), "'}' to close the \(isUnion ? "union" : "struct")")
        return body
    }

    private mutating func parseEnumBody() throws -> [EnumLabelSyntax] {
        try expect(.punctuation(.leftBrace), "'{' to open the enum")
        var labels: [EnumLabelSyntax] = []
        while !check(.punctuation(.rightBrace)), !check(.endOfFile) {
            do {
                let doc = docComment(before: current)
                labels.append(EnumLabelSyntax(name: try expectIdentifier("enum label"), doc: doc))
                try expectSemicolon(orBefore: .rightBrace)
            } catch {
                recover(stopAtCloseBrace: true)
            }
        }
        try expect(.punctuation(.rightBrace), "'}' to close the enum")
        return labels
    }

    // MARK: Expressions

    private static let precedence: [Punctuation: Int] = [
        .logicalOr: 1, .logicalAnd: 2,
        .equal: 3, .notEqual: 3, .less: 3, .lessEqual: 3, .greater: 3, .greaterEqual: 3,
        .plus: 4, .minus: 4, .pipe: 4, .caret: 4,
        .star: 5, .slash: 5, .percent: 5, .shiftLeft: 5, .shiftRight: 5, .ampersand: 5, .andNot: 5,
    ]

    mutating func parseExpression(minimumPrecedence: Int = 1) throws -> ExprSyntax {
        var left = try parseUnary()
        while case .punctuation(let op) = current.kind, let prec = Self.precedence[op], prec >= minimumPrecedence {
            let loc = location(current)
            advance()
            let right = try parseExpression(minimumPrecedence: prec + 1)
            left = .binary(op, left, right, loc)
        }
        return left
    }

    private mutating func parseUnary() throws -> ExprSyntax {
        if case .punctuation(let op) = current.kind, [.plus, .minus, .bang, .caret].contains(op) {
            let loc = location(current)
            advance()
            return .unary(op, try parseUnary(), loc)
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws -> ExprSyntax {
        let token = current
        let loc = location(token)
        switch token.kind {
        case .integer:
            advance()
            return .integer(token.text, loc)
        case .float:
            advance()
            return .float(token.text, loc)
        case .string:
            advance()
            return .string(unquote(token), loc)
        case .punctuation(.leftParen):
            advance()
            let saved = compositeAllowed
            compositeAllowed = true
            defer { compositeAllowed = saved }
            let inner = try parseExpression()
            try expect(.punctuation(.rightParen), "')'")
            return inner
        case .punctuation(.leftBrace):
            // An untyped element literal inside a composite: `{1, 2}`.
            return .composite(type: nil, elements: try parseCompositeBody(), loc)
        case .identifier where token.text == "typeobject" && peek(1).kind == .punctuation(.leftParen):
            advance()
            advance()
            let type = try parseType(definition: false)
            try expect(.punctuation(.rightParen), "')' to close typeobject(...)")
            return .typeObject(type, loc)
        case .identifier:
            var parts = [try expectIdentifier("name")]
            while check(.punctuation(.dot)), peek(1).kind == .identifier {
                advance()
                parts.append(try expectIdentifier("name"))
            }
            if check(.punctuation(.leftParen)), parts.count <= 2 {
                advance()
                let argument = try parseExpression()
                try expect(.punctuation(.rightParen), "')' to close the conversion")
                return .conversion(typeFromParts(parts), argument, loc)
            }
            if compositeAllowed, check(.punctuation(.leftBrace)), parts.count <= 2 {
                return .composite(type: typeFromParts(parts), elements: try parseCompositeBody(), loc)
            }
            return .name(parts)
        case .keyword(.error):
            advance()
            let type = TypeSyntax.named(qualifier: nil, name: Identifier("error", at: loc))
            if accept(.punctuation(.leftParen)) {
                let argument = try parseExpression()
                try expect(.punctuation(.rightParen), "')'")
                return .conversion(type, argument, loc)
            }
            error("'error' is a type, not a value", at: token)
            throw SyntaxError()
        case .punctuation(.leftBracket), .keyword(.set), .keyword(.map), .punctuation(.question):
            let type = try parseType(definition: false)
            if accept(.punctuation(.leftParen)) {
                let argument = try parseExpression()
                try expect(.punctuation(.rightParen), "')' to close the conversion")
                return .conversion(type, argument, loc)
            }
            guard check(.punctuation(.leftBrace)) else {
                error("expected '{' to start a composite literal of this type, found \(describe(current))", at: current)
                throw SyntaxError()
            }
            return .composite(type: type, elements: try parseCompositeBody(), loc)
        default:
            error("expected an expression, found \(describe(token))", at: token)
            throw SyntaxError()
        }
    }

    private func typeFromParts(_ parts: [Identifier]) -> TypeSyntax {
        parts.count == 2 ? .named(qualifier: parts[0], name: parts[1]) : .named(qualifier: nil, name: parts[0])
    }

    private mutating func parseCompositeBody() throws -> [CompositeElementSyntax] {
        try expect(.punctuation(.leftBrace), "'{'")
        let saved = compositeAllowed
        compositeAllowed = true
        defer { compositeAllowed = saved }
        var elements: [CompositeElementSyntax] = []
        skipInsertedSemicolons()
        while !check(.punctuation(.rightBrace)), !check(.endOfFile) {
            let first = try parseExpression()
            if accept(.punctuation(.colon)) {
                elements.append(CompositeElementSyntax(key: first, value: try parseExpression()))
            } else {
                elements.append(CompositeElementSyntax(key: nil, value: first))
            }
            skipInsertedSemicolons()
            if !accept(.punctuation(.comma)) { break }
            skipInsertedSemicolons()
        }
        skipInsertedSemicolons()
        try expect(.punctuation(.rightBrace), "'}' to close the composite literal")
        return elements
    }

    /// Inside a multi-line composite literal the newline after `{` or an element is not a statement end.
    private mutating func skipInsertedSemicolons() {
        while current.kind == .semicolon, current.length == 0 { advance() }
    }

    // MARK: Token helpers

    private var current: Token { tokens[index] }
    private func peek(_ ahead: Int) -> Token { tokens[min(index + ahead, tokens.count - 1)] }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }
    private func check(_ kind: Token.Kind) -> Bool { current.kind == kind }

    private mutating func accept(_ kind: Token.Kind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    private mutating func expect(_ kind: Token.Kind, _ what: String) throws {
        guard accept(kind) else {
            error("expected \(what), found \(describe(current))", at: current)
            throw SyntaxError()
        }
    }

    private mutating func expectIdentifier(_ what: String) throws -> Identifier {
        let token = current
        guard token.kind == .identifier else {
            if case .keyword(let keyword) = token.kind {
                error("expected \(what), found keyword '\(keyword.rawValue)'", at: token)
            } else {
                error("expected \(what), found \(describe(token))", at: token)
            }
            throw SyntaxError()
        }
        advance()
        return Identifier(token.text, at: location(token))
    }

    private mutating func expectSemicolon(orBefore closer: Punctuation? = nil) throws {
        if accept(.semicolon) {
            while accept(.semicolon) {}
            return
        }
        if check(.endOfFile) { return }
        if let closer, check(.punctuation(closer)) { return }
        error("expected end of declaration (newline or ';'), found \(describe(current))", at: current)
        throw SyntaxError()
    }

    /// Skips to the end of the current declaration after a syntax error.
    private mutating func recover(stopAtCloseParen: Bool = false, stopAtCloseBrace: Bool = false) {
        var depth = 0
        while !check(.endOfFile) {
            switch current.kind {
            case .punctuation(.leftBrace), .punctuation(.leftParen), .punctuation(.leftBracket):
                depth += 1
            case .punctuation(.rightBrace):
                if depth == 0 { if stopAtCloseBrace { return }; advance(); continue }
                depth -= 1
            case .punctuation(.rightParen):
                if depth == 0 { if stopAtCloseParen { return }; advance(); continue }
                depth -= 1
            case .punctuation(.rightBracket):
                depth = max(0, depth - 1)
            case .semicolon where depth == 0:
                advance()
                return
            case .keyword(.type), .keyword(.const), .keyword(.error):
                if depth == 0, !stopAtCloseBrace, !stopAtCloseParen, isAtLineStart { return }
            default:
                break
            }
            advance()
        }
    }

    private var isAtLineStart: Bool {
        index > 0 && tokens[index - 1].kind == .semicolon
    }

    private func location(_ token: Token) -> SourceLocation { SourceLocation(source, offset: token.offset) }

    private func error(_ message: String, at token: Token) {
        diagnostics.error(message, at: location(token), length: max(1, token.length))
    }

    private func error(_ message: String, at location: SourceLocation) {
        diagnostics.error(message, at: location)
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .endOfFile: return "end of file"
        case .semicolon: return token.text == ";" ? "';'" : "end of line"
        case .identifier: return "'\(token.text)'"
        case .integer, .float: return "number \(token.text)"
        case .string: return "string \(token.text)"
        case .keyword(let k): return "keyword '\(k.rawValue)'"
        case .punctuation(let p): return "'\(p.rawValue)'"
        }
    }

    /// The `//` lines directly above a token (no blank line between) form its doc comment.
    private func docComment(before token: Token) -> String {
        let line = source.lineAndColumn(of: token.offset).line
        var expected = line - 1
        var lines: [String] = []
        for comment in comments.reversed() where comment.endLine <= expected {
            guard comment.endLine == expected, !comment.isTrailing else { break }
            lines.insert(comment.text, at: 0)
            expected = comment.startLine - 1
        }
        return lines.joined(separator: "\n")
    }

    /// The value of a string literal; bad escapes are reported.
    private func unquote(_ token: Token) -> String {
        let text = token.text
        guard text.count >= 2 else { return "" }
        let inner = text.dropFirst().dropLast()
        if text.hasPrefix("`") { return String(inner) }
        var result = ""
        var iterator = inner.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "\\" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch iterator.next() {
            case "n": result += "\n"
            case "t": result += "\t"
            case "r": result += "\r"
            case "\\": result += "\\"
            case "\"": result += "\""
            case "'": result += "'"
            case "0": result += "\0"
            case "u":
                var hex = ""
                for _ in 0..<4 { if let h = iterator.next() { hex.unicodeScalars.append(h) } }
                if let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) {
                    result.unicodeScalars.append(decoded)
                } else {
                    error("invalid \\u escape \"\\u\(hex)\" in string", at: token)
                }
            case let other?:
                error("unknown escape sequence \"\\\(other)\" in string", at: token)
            case nil:
                break
            }
        }
        return result
    }
}

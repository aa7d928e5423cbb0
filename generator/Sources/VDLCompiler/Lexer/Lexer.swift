/// Turns a source file into tokens, inserting semicolons at line ends the way Go does.
public struct Lexer {
    private let source: SourceFile
    private let bytes: [UInt8]
    private let diagnostics: DiagnosticCollector
    private var position = 0
    private var tokens: [Token] = []
    private var comments: [Comment] = []

    public init(source: SourceFile, diagnostics: DiagnosticCollector) {
        self.source = source
        self.bytes = source.text
        self.diagnostics = diagnostics
    }

    /// Lexes the whole file. Unknown characters are reported and skipped, so lexing never stops early.
    public mutating func tokenize() -> (tokens: [Token], comments: [Comment]) {
        while true {
            let sawNewline = skipWhitespaceAndComments()
            if sawNewline, needsSemicolon() {
                tokens.append(Token(kind: .semicolon, text: "\n", offset: position, length: 0))
            }
            guard position < bytes.count else { break }
            lexToken()
        }
        if needsSemicolon() {
            tokens.append(Token(kind: .semicolon, text: "", offset: bytes.count, length: 0))
        }
        tokens.append(Token(kind: .endOfFile, text: "", offset: bytes.count, length: 0))
        return (tokens, comments)
    }

    /// Go's rule: a line ending after an identifier, literal or closing bracket ends a statement.
    private func needsSemicolon() -> Bool {
        guard let last = tokens.last else { return false }
        switch last.kind {
        case .identifier, .integer, .float, .string: return true
        case .keyword(let keyword): return keyword == .error
        case .punctuation(let p): return p == .rightParen || p == .rightBracket || p == .rightBrace
        default: return false
        }
    }

    private func location(_ offset: Int) -> SourceLocation { SourceLocation(source, offset: offset) }

    /// Skips blanks and comments; returns whether a newline was crossed.
    private mutating func skipWhitespaceAndComments() -> Bool {
        var sawNewline = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") {
                sawNewline = true
                position += 1
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                position += 1
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
                let start = position
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                addComment(start: start, end: position, markerLength: 2, trailingLength: 0)
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                let start = position
                position += 2
                var closed = false
                while position < bytes.count {
                    if bytes[position] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                        position += 2
                        closed = true
                        break
                    }
                    if bytes[position] == UInt8(ascii: "\n") { sawNewline = true }
                    position += 1
                }
                if !closed {
                    diagnostics.error("unterminated block comment", at: location(start), length: 2)
                }
                addComment(start: start, end: position, markerLength: 2, trailingLength: closed ? 2 : 0)
            } else {
                break
            }
        }
        return sawNewline
    }

    private mutating func addComment(start: Int, end: Int, markerLength: Int, trailingLength: Int) {
        let body = bytes[(start + markerLength)..<max(start + markerLength, end - trailingLength)]
        var text = String(decoding: body, as: UTF8.self)
        if text.hasPrefix(" ") { text.removeFirst() }
        let startLine = source.lineAndColumn(of: start).line
        let trailing = tokens.last.map { $0.length > 0 && source.lineAndColumn(of: $0.offset).line == startLine } ?? false
        comments.append(Comment(
            text: text,
            startLine: startLine,
            endLine: source.lineAndColumn(of: max(start, end - 1)).line,
            isTrailing: trailing
        ))
    }

    private func peek(_ ahead: Int) -> UInt8? {
        position + ahead < bytes.count ? bytes[position + ahead] : nil
    }

    private mutating func lexToken() {
        let start = position
        let byte = bytes[position]
        if isLetter(byte) {
            while position < bytes.count, isLetter(bytes[position]) || isDigit(bytes[position]) { position += 1 }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            let kind: Token.Kind = Keyword(rawValue: text).map { .keyword($0) } ?? .identifier
            tokens.append(Token(kind: kind, text: text, offset: start, length: position - start))
        } else if isDigit(byte) || (byte == UInt8(ascii: ".") && peek(1).map(isDigit) == true) {
            lexNumber()
        } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "`") {
            lexString(quote: byte)
        } else if let punctuation = matchPunctuation() {
            position += punctuation.rawValue.utf8.count
            tokens.append(Token(kind: .punctuation(punctuation), text: punctuation.rawValue, offset: start, length: position - start))
        } else if byte == UInt8(ascii: ";") {
            position += 1
            tokens.append(Token(kind: .semicolon, text: ";", offset: start, length: 1))
        } else {
            // Decode the whole scalar so the message shows the character, not a byte; a run of the
            // same character is one error.
            let scalarLength = utf8Length(leading: byte)
            position = min(bytes.count, position + scalarLength)
            let character = String(decoding: bytes[start..<position], as: UTF8.self)
            var count = 1
            while position + scalarLength <= bytes.count, bytes[position..<(position + scalarLength)].elementsEqual(bytes[start..<(start + scalarLength)]) {
                position += scalarLength
                count += 1
            }
            let times = count > 1 ? " (\(count) times)" : ""
            diagnostics.error("unexpected character \(character.debugDescription)\(times)", at: location(start), length: count)
        }
    }

    private func matchPunctuation() -> Punctuation? {
        // Longest match first.
        if let next = peek(1) {
            let two = String(decoding: [bytes[position], next], as: UTF8.self)
            if let p = Punctuation(rawValue: two) { return p }
        }
        return Punctuation(rawValue: String(decoding: [bytes[position]], as: UTF8.self))
    }

    private mutating func lexNumber() {
        let start = position
        var isFloat = false
        if bytes[position] == UInt8(ascii: "0"), let x = peek(1), x == UInt8(ascii: "x") || x == UInt8(ascii: "X")
            || x == UInt8(ascii: "o") || x == UInt8(ascii: "O") || x == UInt8(ascii: "b") || x == UInt8(ascii: "B") {
            position += 2
            while position < bytes.count, isHexDigit(bytes[position]) || bytes[position] == UInt8(ascii: "_") { position += 1 }
        } else {
            while position < bytes.count, isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "_") { position += 1 }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                isFloat = true
                position += 1
                while position < bytes.count, isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "_") { position += 1 }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                isFloat = true
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
                let digitsStart = position
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
                if digitsStart == position {
                    diagnostics.error("exponent has no digits", at: location(start), length: position - start)
                }
            }
        }
        // A number running into letters (`12abc`) is one bad token, not two.
        while position < bytes.count, isLetter(bytes[position]) || isDigit(bytes[position]) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        tokens.append(Token(kind: isFloat ? .float : .integer, text: text, offset: start, length: position - start))
    }

    private mutating func lexString(quote: UInt8) {
        let start = position
        position += 1
        var terminated = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == quote {
                position += 1
                terminated = true
                break
            }
            if byte == UInt8(ascii: "\n"), quote == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") { position += 1 }
            position += 1
        }
        position = min(position, bytes.count)
        if !terminated {
            diagnostics.error("unterminated string literal", at: location(start))
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        tokens.append(Token(kind: .string, text: terminated ? text : text + String(decoding: [quote], as: UTF8.self), offset: start, length: position - start))
    }

    private func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || b == UInt8(ascii: "_")
    }
    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    private func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F"))
    }
    private func utf8Length(leading b: UInt8) -> Int {
        switch b {
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }
}

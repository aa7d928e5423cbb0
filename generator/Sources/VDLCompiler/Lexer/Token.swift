/// One lexical token of a `.vdl` file.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case identifier
        case integer
        case float
        case string
        case keyword(Keyword)
        case punctuation(Punctuation)
        /// An explicit `;` or one inserted at a line end, as in Go.
        case semicolon
        case endOfFile
    }

    public let kind: Kind
    /// The token's source text (for strings: the quoted text as written).
    public let text: String
    /// Byte offset of the first character.
    public let offset: Int
    public let length: Int

    public init(kind: Kind, text: String, offset: Int, length: Int) {
        self.kind = kind
        self.text = text
        self.offset = offset
        self.length = length
    }
}

/// Reserved words of the language.
public enum Keyword: String, Sendable, CaseIterable {
    case package, `import`, type, const, error, `struct`, union, `enum`, set, map, interface, stream
}

/// Operators and delimiters.
public enum Punctuation: String, Sendable, CaseIterable {
    case leftParen = "(", rightParen = ")", leftBrace = "{", rightBrace = "}"
    case leftBracket = "[", rightBracket = "]", comma = ",", dot = ".", colon = ":"
    case question = "?", assign = "=", pipe = "|", less = "<", greater = ">"
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
    case ampersand = "&", caret = "^", bang = "!", shiftLeft = "<<", shiftRight = ">>"
    case andNot = "&^", logicalAnd = "&&", logicalOr = "||"
    case equal = "==", notEqual = "!=", lessEqual = "<=", greaterEqual = ">="
}

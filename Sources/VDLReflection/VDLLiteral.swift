/// A value written in VDL literal syntax (`Point{X: 1, Y: -2}`, `[]string{"a", "b"}`,
/// `Color.Green`, `?Point(nil)`), parsed but not yet typed: ``DynamicCodec/json(fromVDL:as:path:)``
/// converts it to JSON through the type it is meant to have.
public indirect enum VDLLiteral: Sendable, Hashable {
    /// `"text"` or `` `raw text` ``.
    case string(String)
    /// A number, as decimal JSON text (hex literals converted).
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `nil`.
    case nilValue
    /// A name: an enum label, possibly qualified (`Color.Green` → `["Color", "Green"]`).
    case identifier([String])
    /// `T{...}` or `{...}`: elements, each with an optional key (`X: 1`, `"k": 2`).
    case composite(type: String?, elements: [Element])
    /// `T(value)`: a conversion (`Name("x")`, `?Point(nil)`).
    case conversion(type: String, value: VDLLiteral)

    /// One element of a composite literal.
    public struct Element: Sendable, Hashable {
        public let key: VDLLiteral?
        public let value: VDLLiteral
    }

    /// Parses one literal (surrounded by optional whitespace).
    public init(parsing text: String) throws(ReflectionError) {
        var parser = Parser(text: Array(text.unicodeScalars), source: text)
        let value = try parser.literal(depth: 0)
        parser.skipSpace()
        guard parser.index == parser.text.count else { throw parser.error("unexpected text at offset \(parser.index)") }
        self = value
    }

    private struct Parser {
        let text: [Unicode.Scalar]
        let source: String
        var index = 0

        func error(_ message: String) -> ReflectionError { .invalidType(source, "not a VDL literal: \(message)") }

        var peek: Unicode.Scalar? { index < text.count ? text[index] : nil }

        mutating func skipSpace() {
            while let c = peek, c == " " || c == "\t" || c == "\n" || c == "\r" { index += 1 }
        }

        static func isTypeCharacter(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || ("0"..."9").contains(c) || "_./[]?".unicodeScalars.contains(c)
        }

        mutating func literal(depth: Int) throws(ReflectionError) -> VDLLiteral {
            guard depth < 100 else { throw error("nested too deeply") }
            skipSpace()
            guard let c = peek else { throw error("a value is missing at the end") }
            if c == "\"" { return .string(try quoted()) }
            if c == "`" {
                index += 1
                let start = index
                while let d = peek, d != "`" { index += 1 }
                guard peek == "`" else { throw error("unterminated raw string") }
                defer { index += 1 }
                return .string(String(String.UnicodeScalarView(text[start..<index])))
            }
            if c == "-" || c == "+" || ("0"..."9").contains(c) { return .number(try number()) }
            if c == "{" { return .composite(type: nil, elements: try elements(depth: depth)) }
            let start = index
            while let d = peek, Self.isTypeCharacter(d) { index += 1 }
            let word = String(String.UnicodeScalarView(text[start..<index]))
            guard !word.isEmpty else { throw error("unexpected \(c) at offset \(index)") }
            skipSpace()
            if peek == "{" { return .composite(type: word, elements: try elements(depth: depth)) }
            if peek == "(" {
                index += 1
                let value = try literal(depth: depth + 1)
                skipSpace()
                guard peek == ")" else { throw error("expected ) at offset \(index)") }
                index += 1
                return .conversion(type: word, value: value)
            }
            switch word {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "nil": return .nilValue
            default: return .identifier(word.split(separator: ".").map(String.init))
            }
        }

        mutating func elements(depth: Int) throws(ReflectionError) -> [Element] {
            index += 1  // {
            var result: [Element] = []
            while true {
                skipSpace()
                if peek == "}" { index += 1; return result }
                let first = try literal(depth: depth + 1)
                skipSpace()
                if peek == ":" {
                    index += 1
                    result.append(Element(key: first, value: try literal(depth: depth + 1)))
                } else {
                    result.append(Element(key: nil, value: first))
                }
                skipSpace()
                if peek == "," { index += 1; continue }
                guard peek == "}" else { throw error("expected , or } at offset \(index)") }
            }
        }

        mutating func number() throws(ReflectionError) -> String {
            let start = index
            if peek == "-" || peek == "+" { index += 1 }
            while let d = peek, d.properties.isAlphabetic || ("0"..."9").contains(d) || d == "." || ((d == "-" || d == "+") && (text[index - 1] == "e" || text[index - 1] == "E")) {
                index += 1
            }
            var literal = String(String.UnicodeScalarView(text[start..<index]))
            let negative = literal.hasPrefix("-")
            if literal.hasPrefix("+") || negative { literal.removeFirst() }
            let lower = literal.lowercased()
            if lower.hasPrefix("0x"), let n = UInt64(lower.dropFirst(2), radix: 16) {
                return (negative ? "-" : "") + String(n)
            }
            guard Double(literal) != nil, literal.first?.isNumber == true else { throw error("\(literal) is not a number") }
            return (negative ? "-" : "") + literal
        }

        mutating func quoted() throws(ReflectionError) -> String {
            index += 1
            var result = String.UnicodeScalarView()
            while true {
                guard let c = peek else { throw error("unterminated string") }
                index += 1
                if c == "\"" { return String(result) }
                guard c == "\\" else { result.append(c); continue }
                guard let e = peek else { throw error("unterminated escape") }
                index += 1
                switch e {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "\\", "\"", "'": result.append(e)
                case "u", "U":
                    let count = e == "u" ? 4 : 8
                    guard index + count <= text.count,
                          let code = UInt32(String(String.UnicodeScalarView(text[index..<index + count])), radix: 16),
                          let scalar = Unicode.Scalar(code) else { throw error("invalid \\\(e) escape") }
                    index += count
                    result.append(scalar)
                default: throw error("unknown escape \\\(e)")
                }
            }
        }
    }
}

/// Accumulates generated source text with indentation.
struct CodeWriter {
    private(set) var text = ""
    private var indentation = 0
    private let unit: String

    init(indentUnit: String = "    ") { unit = indentUnit }

    mutating func line(_ content: String = "") {
        if content.isEmpty {
            text += "\n"
        } else {
            text += String(repeating: unit, count: indentation) + content + "\n"
        }
    }

    /// `header {` and one level deeper; pair with `close()`.
    mutating func open(_ header: String) {
        line(header + " {")
        indentation += 1
    }

    /// `call(` and one level deeper, for multi-line argument lists; pair with `close(")")`.
    mutating func openCall(_ call: String) {
        line(call + "(")
        indentation += 1
    }

    /// One level shallower, then `}` (or `footer`).
    mutating func close(_ footer: String = "}") {
        indentation -= 1
        line(footer)
    }

    mutating func indent() { indentation += 1 }
    mutating func dedent() { indentation -= 1 }

    /// Writes `header {`, the body one level deeper, then `}` (or `footer`).
    mutating func block(_ header: String, footer: String = "}", _ body: (inout CodeWriter) -> Void) {
        line(header + " {")
        indentation += 1
        body(&self)
        indentation -= 1
        line(footer)
    }

    /// Writes a comment block, one prefixed line per line of `text`; nothing for empty text.
    mutating func comment(_ text: String, prefix: String = "/// ") {
        guard !text.isEmpty else { return }
        for piece in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line((prefix + piece).trimmingTrailingSpaces())
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}

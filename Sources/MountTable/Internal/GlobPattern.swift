/// A glob pattern over name elements: `apps/*`, `a/.../b`, `f?r[a-z]*`. Each element is a
/// shell pattern (`*`, `?`, `[set]`, `[!set]`, `\x`); the element `...` matches any number of
/// elements, none included.
struct GlobPattern: Sendable {
    let elements: [String]

    init(_ pattern: String) {
        elements = pattern.split(separator: "/").map(String.init)
    }

    /// Whether a name (its elements) matches the whole pattern.
    func matches(_ name: [Substring]) -> Bool {
        Self.match(elements[...], name[...])
    }

    /// Whether some name that starts with `prefix` could match, so a walk must go deeper.
    func mayMatchBelow(_ prefix: [Substring]) -> Bool {
        Self.prefixMatch(elements[...], prefix[...])
    }

    private static func match(_ pattern: ArraySlice<String>, _ name: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return name.isEmpty }
        if first == "..." {
            // Zero elements, or one more element consumed by "...".
            return match(pattern.dropFirst(), name) || (!name.isEmpty && match(pattern, name.dropFirst()))
        }
        guard let element = name.first, elementMatches(Array(first.unicodeScalars)[...], Array(element.unicodeScalars)[...]) else { return false }
        return match(pattern.dropFirst(), name.dropFirst())
    }

    private static func prefixMatch(_ pattern: ArraySlice<String>, _ prefix: ArraySlice<Substring>) -> Bool {
        guard let element = prefix.first else { return true }
        guard let first = pattern.first else { return false }
        if first == "..." { return true }
        guard elementMatches(Array(first.unicodeScalars)[...], Array(element.unicodeScalars)[...]) else { return false }
        return prefixMatch(pattern.dropFirst(), prefix.dropFirst())
    }

    /// Shell matching of one element; `*` never crosses elements (they are split already).
    static func elementMatches(_ pattern: ArraySlice<Unicode.Scalar>, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
        var pattern = pattern, text = text
        while let p = pattern.first {
            switch p {
            case "*":
                let rest = pattern.dropFirst()
                var tail = text
                while true {
                    if elementMatches(rest, tail) { return true }
                    guard !tail.isEmpty else { return false }
                    tail = tail.dropFirst()
                }
            case "?":
                guard !text.isEmpty else { return false }
                pattern = pattern.dropFirst(); text = text.dropFirst()
            case "[":
                guard let c = text.first, let (matched, rest) = matchSet(pattern.dropFirst(), c), matched else { return false }
                pattern = rest; text = text.dropFirst()
            case "\\" where pattern.count > 1:
                let literal = pattern[pattern.index(after: pattern.startIndex)]
                guard text.first == literal else { return false }
                pattern = pattern.dropFirst(2); text = text.dropFirst()
            default:
                guard text.first == p else { return false }
                pattern = pattern.dropFirst(); text = text.dropFirst()
            }
        }
        return text.isEmpty
    }

    /// Matches `c` against a set after its `[`; nil when the set is not closed (then `[`
    /// matches nothing).
    private static func matchSet(_ set: ArraySlice<Unicode.Scalar>, _ c: Unicode.Scalar) -> (Bool, ArraySlice<Unicode.Scalar>)? {
        var rest = set
        let negated = rest.first == "!" || rest.first == "^"
        if negated { rest = rest.dropFirst() }
        var matched = false, first = true
        while let s = rest.first {
            if s == "]" && !first { return (matched != negated, rest.dropFirst()) }
            first = false
            rest = rest.dropFirst()
            if rest.count >= 2, rest.first == "-", let high = rest.dropFirst().first, high != "]" {
                if s.value <= c.value && c.value <= high.value { matched = true }
                rest = rest.dropFirst(2)
            } else if s == c {
                matched = true
            }
        }
        return nil
    }
}

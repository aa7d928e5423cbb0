import VDLWire

extension Access.BlessingPattern {
    /// Matches every blessing name.
    public static let allPrincipals: Access.BlessingPattern = "..."

    /// Whether the pattern matches `name`: `a:b` matches `a:b` and its extensions (`a:b:c`),
    /// `a:b:$` only `a:b`, and `...` every name. An invalid pattern matches nothing.
    public func matches(_ name: String) -> Bool {
        guard let (prefix, exact) = parsed else { return false }
        guard let prefix else { return true }
        return exact ? name == prefix : BlessingName.name(name, isOrExtends: prefix)
    }

    /// Whether the pattern matches one of `names`; `...` matches even no names at all (a
    /// blessing store entry for `...` is presented to every peer).
    public func matches(anyOf names: [String]) -> Bool {
        rawValue == "..." || names.contains(where: matches)
    }

    /// A pattern is `...`, or names joined by `:` optionally ending in `:$` (exactly this name)
    /// or `:...` (this name and its extensions, the same as no suffix).
    public var isValid: Bool { parsed != nil }

    /// The name the pattern is about (nil for `...`) and whether it must match exactly. Scans
    /// without allocating: authorizers match patterns on every call.
    private var parsed: (prefix: Substring?, exact: Bool)? {
        if rawValue == "..." { return (nil, false) }
        var prefix = Substring(rawValue)
        var exact = false
        if prefix.hasSuffix(":$") {
            prefix = prefix.dropLast(2)
            exact = true
        } else if prefix.hasSuffix(":...") {
            prefix = prefix.dropLast(4)
        }
        return BlessingName.isValidName(prefix) ? (prefix, exact) : nil
    }
}

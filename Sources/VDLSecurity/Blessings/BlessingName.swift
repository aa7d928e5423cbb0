/// The rules of blessing names: extensions joined with `:`.
public enum BlessingName {
    /// Joins the extensions of a chain (`root:ops:phone`).
    public static let separator = ":"

    /// An extension is not empty and contains none of `:`, `,` or `$`, and is not `...`
    /// (those characters have meanings in names and patterns).
    public static func checkExtension(_ text: String) throws {
        guard !text.isEmpty else { throw SecurityError.invalidName("an extension cannot be empty") }
        if let bad = text.first(where: { $0 == ":" || $0 == "," || $0 == "$" }) {
            throw SecurityError.invalidName("the extension \"\(text)\" contains \"\(bad)\"")
        }
        guard text != "..." else { throw SecurityError.invalidName("\"...\" is a pattern, not an extension") }
    }

    /// Whether `name` is `prefix` or an extension of it (`a:b` is extended by `a:b:c`).
    public static func name(_ name: String, isOrExtends prefix: String) -> Bool {
        guard name.hasPrefix(prefix) else { return false }
        let rest = name.dropFirst(prefix.count)
        return rest.isEmpty || rest.hasPrefix(separator)
    }
}

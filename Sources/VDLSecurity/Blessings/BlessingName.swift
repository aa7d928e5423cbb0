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
    public static func name(_ name: String, isOrExtends prefix: some StringProtocol) -> Bool {
        var names = name.utf8.makeIterator()
        for byte in prefix.utf8 where names.next() != byte { return false }
        let next = names.next()
        return next == nil || next == UInt8(ascii: ":")
    }

    /// Whether `name` is one or more valid extensions joined by `:`.
    static func isValidName(_ name: Substring) -> Bool {
        var length = 0, dots = 0
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: ":"):
                guard length > 0, !(length == 3 && dots == 3) else { return false }
                length = 0
                dots = 0
            case UInt8(ascii: ","), UInt8(ascii: "$"):
                return false
            default:
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return length > 0 && !(length == 3 && dots == 3)
    }
}

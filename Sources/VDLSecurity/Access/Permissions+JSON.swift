import Foundation
import VDLWire

extension Access {
    /// Reads permissions written as JSON, by tag, as flags and configuration files give them:
    /// `{"Read": {"In": ["..."]}, "Write": {"In": ["alice"], "NotIn": ["alice:guest"]}}`.
    /// Every pattern must be valid; an error names the tag and the pattern.
    public static func permissions(json text: String) throws -> Permissions {
        struct List: Decodable {
            var In: [String]?
            var NotIn: [String]?
        }
        let lists: [String: List]
        do {
            lists = try JSONDecoder().decode([String: List].self, from: Data(text.utf8))
        } catch {
            throw SecurityError.invalidPermissions("not a JSON object of tag → {\"In\": [...], \"NotIn\": [...]}: \(error)")
        }
        var permissions: Permissions = [:]
        for (tag, list) in lists {
            let patterns = (list.In ?? []).map { BlessingPattern(rawValue: $0) }
            if let invalid = patterns.first(where: { !$0.isValid }) {
                throw SecurityError.invalidPermissions("tag \(tag): \"\(invalid)\" is not a valid blessing pattern")
            }
            permissions[tag] = AccessList(in: patterns, notIn: list.NotIn ?? [])
        }
        return permissions
    }
}

extension Access {
    /// Permissions as a command-line flag gives them: JSON when the text starts with `{`, else
    /// the path of a file holding the JSON.
    public static func permissions(flag text: String) throws -> Permissions {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("{") { return try permissions(json: trimmed) }
        guard let contents = FileManager.default.contents(atPath: trimmed) else {
            throw SecurityError.invalidPermissions("\(trimmed) is neither JSON (it does not start with {) nor a readable file")
        }
        return try permissions(json: String(decoding: contents, as: UTF8.self))
    }
}

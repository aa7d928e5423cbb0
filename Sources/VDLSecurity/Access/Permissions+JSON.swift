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

import ArgumentParser
import Foundation
import VDLSecurity

/// Reads permissions written as JSON: `{"Read": {"In": ["..."], "NotIn": ["alice:guest"]}}`.
enum PermissionsJSON {
    private struct List: Decodable {
        var In: [String]?
        var NotIn: [String]?
    }

    static func parse(_ text: String) throws -> Access.Permissions {
        let lists: [String: List]
        do {
            lists = try JSONDecoder().decode([String: List].self, from: Data(text.utf8))
        } catch {
            throw ValidationError("--permissions is not a JSON object of tag → {\"In\": [...], \"NotIn\": [...]}: \(error)")
        }
        var permissions: Access.Permissions = [:]
        for (tag, list) in lists {
            let patterns = (list.In ?? []).map { Access.BlessingPattern(rawValue: $0) }
            if let invalid = patterns.first(where: { !$0.isValid }) {
                throw ValidationError("--permissions: \"\(invalid)\" (tag \(tag)) is not a valid blessing pattern")
            }
            permissions[tag] = Access.AccessList(in: patterns, notIn: list.NotIn ?? [])
        }
        return permissions
    }
}

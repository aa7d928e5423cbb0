/// JSON merge patches (RFC 7386).
enum MergePatch {
    /// The merge patch that turns `old` into `new`, or `nil` when they are equal.
    ///
    /// Members missing from `new` become `null` (removal); arrays and non-object values are
    /// replaced whole.
    static func diff(from old: JSONValue, to new: JSONValue) -> JSONValue? {
        guard case .object(let oldMembers) = old, case .object(let newMembers) = new else {
            return old == new ? nil : new
        }
        var patch: [String: JSONValue] = [:]
        for key in oldMembers.keys where newMembers[key] == nil {
            patch[key] = .null
        }
        for (key, newValue) in newMembers {
            if let oldValue = oldMembers[key] {
                if let change = diff(from: oldValue, to: newValue) { patch[key] = change }
            } else {
                patch[key] = newValue
            }
        }
        return patch.isEmpty ? nil : .object(patch)
    }
}

import VDLWire

extension Access.AccessList {
    /// Whether one of `names` matches a pattern of `In` and is not excluded by `NotIn`. A `NotIn`
    /// entry excludes that name and every extension of it.
    public func includes(_ names: [String]) -> Bool {
        names.contains { name in
            !notIn.contains { BlessingName.name(name, isOrExtends: $0) } && `in`.contains { $0.matches(name) }
        }
    }
}

extension Access.Permissions {
    /// Permissions that give every tag in `tags` the access list `In: patterns`.
    public static func allowing(_ patterns: [Access.BlessingPattern], for tags: [Access.Tag]) -> Access.Permissions {
        Dictionary(tags.map { ($0.rawValue, Access.AccessList(in: patterns)) }, uniquingKeysWith: { first, _ in first })
    }
}

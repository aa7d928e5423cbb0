/// A label selector, sent to the API server as `labelSelector=` and also applied by the client
/// to what comes back.
///
/// Applying it again is a no-op for a real API server, which has already filtered; kmock
/// ignores `labelSelector` and returns every object, so the client filters for it.
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    /// One requirement; a selector matches when all of them do.
    public enum Requirement: Sendable, Hashable {
        /// `key=value`
        case equals(String, String)
        /// `key!=value` (also matches objects without the label)
        case notEquals(String, String)
        /// `key in (v1,v2)`
        case `in`(String, [String])
        /// `key notin (v1,v2)` (also matches objects without the label)
        case notIn(String, [String])
        /// `key`
        case exists(String)
        /// `!key`
        case doesNotExist(String)
    }

    /// The requirements, all of which must hold.
    public var requirements: [Requirement]

    /// A selector from requirements.
    public init(_ requirements: [Requirement]) { self.requirements = requirements }

    /// A selector matching every label in `labels` exactly (`matchLabels`).
    public init(matching labels: [String: String]) {
        self.requirements = labels.sorted { $0.key < $1.key }.map { .equals($0.key, $0.value) }
    }

    /// Whether an object with these labels is selected.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): labels[key] == value
            case .notEquals(let key, let value): labels[key] != value
            case .in(let key, let values): labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): !(labels[key].map(values.contains) ?? false)
            case .exists(let key): labels[key] != nil
            case .doesNotExist(let key): labels[key] == nil
            }
        }
    }

    /// The selector in the API's text form, e.g. `app=web,tier in (a,b)`.
    public var description: String {
        requirements.map { requirement in
            switch requirement {
            case .equals(let key, let value): "\(key)=\(value)"
            case .notEquals(let key, let value): "\(key)!=\(value)"
            case .in(let key, let values): "\(key) in (\(values.joined(separator: ",")))"
            case .notIn(let key, let values): "\(key) notin (\(values.joined(separator: ",")))"
            case .exists(let key): key
            case .doesNotExist(let key): "!\(key)"
            }
        }.joined(separator: ",")
    }
}

extension LabelSelector: ExpressibleByDictionaryLiteral {
    /// `["app": "web"]` selects objects labelled `app=web`.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(matching: Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

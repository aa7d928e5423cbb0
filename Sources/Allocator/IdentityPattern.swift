import Crypto
import Foundation

/// Which blessing names identify a user, and as whom: `dev.v.io:u:<email>` says that
/// `dev.v.io:u:alice@example.com` (and its extensions, such as
/// `dev.v.io:u:alice@example.com:phone`) is the user `dev.v.io:u:alice@example.com`, whose
/// `<email>` is `alice@example.com`. Exactly one element is a `<placeholder>`; the others must
/// match literally.
public struct IdentityPattern: Sendable, CustomStringConvertible {
    public let text: String
    private let elements: [Element]

    private enum Element: Sendable {
        case literal(Substring)
        case placeholder
    }

    public init(_ text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        let elements = parts.map { part -> Element in
            part.hasPrefix("<") && part.hasSuffix(">") && part.count > 2 ? .placeholder : .literal(part)
        }
        guard elements.filter({ if case .placeholder = $0 { return true } else { return false } }).count == 1 else {
            throw AllocatorError.invalidIdentityPattern(text, "it needs exactly one <placeholder> element, as in dev.v.io:u:<email>")
        }
        if parts.contains(where: \.isEmpty) {
            throw AllocatorError.invalidIdentityPattern(text, "it has an empty element")
        }
        self.text = text
        self.elements = elements
    }

    /// The user a blessing name identifies, or nil: the name's first elements, as many as the
    /// pattern has, with the placeholder's value.
    public func user(of name: String) -> User? {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= elements.count else { return nil }
        var value = ""
        for (element, part) in zip(elements, parts) {
            switch element {
            case .literal(let literal): guard part == literal else { return nil }
            case .placeholder:
                guard !part.isEmpty else { return nil }
                value = String(part)
            }
        }
        return User(identity: parts.prefix(elements.count).joined(separator: ":"), value: value)
    }

    /// The user of the first of `names` (in sorted order) that identifies one.
    public func user(ofAny names: [String]) -> User? {
        names.sorted().lazy.compactMap(user(of:)).first
    }

    public var description: String { text }

    /// A user: the identifying blessing name and the placeholder's value (the email).
    public struct User: Sendable, Hashable {
        public let identity: String
        public let value: String

        /// The hex SHA-256 of the identity: the owner label of the user's instances.
        public var ownerHash: String {
            SHA256.hash(data: Data(identity.utf8)).map { String(format: "%02x", $0) }.joined()
        }
    }
}

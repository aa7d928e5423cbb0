import VDLSecurity
import VDLTransport

/// An object name: either rooted at a server's address, or relative and resolved through the
/// namespace's mount tables.
///
/// | written as | meaning |
/// | --- | --- |
/// | `/127.0.0.1:8080/sb/h1` | object `sb/h1` of the server at 127.0.0.1:8080 |
/// | `/(root:fortune)@127.0.0.1:8080` | that server, which must present a blessing matching `root:fortune` |
/// | `/@unix:/run/fortune.sock//sb` | object `sb` of the server on that Unix socket (`//` ends the path) |
/// | `127.0.0.1:8080`, `unix:/run/f.sock` | an address without the leading `/` is rooted too |
/// | `apps/fortune` | resolved through the namespace roots |
public enum ObjectName: Sendable, Hashable, CustomStringConvertible {
    /// Object `suffix` of the server at `endpoint`.
    case rooted(Endpoint, suffix: String)
    /// A name to resolve through the mount tables, without leading or doubled slashes.
    case relative(String)

    /// Parses a name; an error names what is wrong with it.
    public init(parsing text: String) throws {
        if text.hasPrefix("/") {
            self = try Self.parseRooted(text)
        } else if Self.looksLikeAddress(text) {
            self = try Self.parseRooted("/" + text)
        } else {
            self = .relative(try Self.clean(text, whole: text))
        }
    }

    /// The name with `suffix` appended (`/host:port/a` + `b` = `/host:port/a/b`).
    public func appending(_ suffix: String) -> ObjectName {
        switch self {
        case .rooted(let endpoint, let base): return .rooted(endpoint, suffix: Self.join(base, suffix))
        case .relative(let name): return .relative(Self.join(name, suffix))
        }
    }

    public var description: String {
        switch self {
        case .relative(let name): return name
        case .rooted(let endpoint, let suffix):
            guard !suffix.isEmpty else { return endpoint.description }
            if case .unix = endpoint.address { return "\(endpoint)//\(suffix)" }
            return "\(endpoint)/\(suffix)"
        }
    }

    /// Joins two name parts with one `/`.
    public static func join(_ head: String, _ tail: String) -> String {
        if head.isEmpty { return tail }
        if tail.isEmpty { return head }
        return head + "/" + tail
    }

    /// `host:port` or `unix:PATH` written without the leading `/`.
    private static func looksLikeAddress(_ text: String) -> Bool {
        if text.hasPrefix("unix:") || text.hasPrefix("@unix:") || text.hasPrefix("(") { return true }
        let head = text.prefix { $0 != "/" }
        guard let colon = head.lastIndex(of: ":") else { return false }
        let port = head[head.index(after: colon)...]
        return !port.isEmpty && port.allSatisfy(\.isASCIIDigit)
    }

    private static func parseRooted(_ text: String) throws -> ObjectName {
        var rest = Substring(text.dropFirst())
        var pin = ""
        if rest.hasPrefix("(") {
            guard let close = rest.firstIndex(of: ")"), rest[rest.index(after: close)...].hasPrefix("@") else {
                throw NameError(name: text, reason: "expected /(pattern)@address")
            }
            pin = String(rest[...rest.index(after: close)])
            rest = rest[rest.index(close, offsetBy: 2)...]
        }
        let address: Substring, suffix: Substring
        if rest.hasPrefix("unix:") || rest.hasPrefix("@unix:") {
            if let end = rest.range(of: "//") {
                (address, suffix) = (rest[..<end.lowerBound], rest[end.upperBound...])
            } else {
                (address, suffix) = (rest, "")
            }
        } else {
            let start = rest.hasPrefix("[") ? (rest.firstIndex(of: "]") ?? rest.startIndex) : rest.startIndex
            let end = rest[start...].firstIndex(of: "/") ?? rest.endIndex
            (address, suffix) = (rest[..<end], rest[end...])
        }
        let endpoint: Endpoint
        do {
            endpoint = try Endpoint(parsing: "/" + pin + address)
        } catch let error as ServerAddress.AddressError {
            throw NameError(name: text, reason: error.reason)
        }
        return .rooted(endpoint, suffix: try clean(suffix, whole: text))
    }

    /// The name's elements joined by single slashes; `.`/`..` and empty names are refused.
    private static func clean(_ name: Substring, whole: String) throws -> String {
        let elements = name.split(separator: "/")
        if let bad = elements.first(where: { $0 == "." || $0 == ".." }) {
            throw NameError(name: whole, reason: "the element \"\(bad)\" is not allowed")
        }
        return elements.joined(separator: "/")
    }

    private static func clean(_ name: String, whole: String) throws -> String {
        let cleaned = try clean(Substring(name), whole: whole)
        guard !cleaned.isEmpty else { throw NameError(name: whole, reason: "the name is empty") }
        return cleaned
    }
}

/// A malformed object name, naming what is wrong with it.
public struct NameError: Error, CustomStringConvertible {
    public let name: String
    public let reason: String
    public var description: String { "invalid name \"\(name)\": \(reason)" }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

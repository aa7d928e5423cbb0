import NIOCore

/// Where a server listens or a client connects: `host:port` (TCP) or `unix:PATH` (Unix socket).
public enum ServerAddress: Sendable, Hashable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case unix(path: String)

    /// Parses `127.0.0.1:8080`, `[::1]:8080`, `localhost:0`, `unix:/tmp/s.sock` or `@unix:/tmp/s.sock`.
    public init(parsing text: String) throws {
        for prefix in ["unix:", "@unix:"] where text.hasPrefix(prefix) {
            let path = String(text.dropFirst(prefix.count))
            guard !path.isEmpty else { throw AddressError(text: text, reason: "the Unix socket path is empty") }
            self = .unix(path: path)
            return
        }
        guard let colon = text.lastIndex(of: ":") else {
            throw AddressError(text: text, reason: "expected host:port or unix:PATH")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw AddressError(text: text, reason: "the host is empty") }
        guard let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw AddressError(text: text, reason: "the port must be a number from 0 to 65535")
        }
        self = .tcp(host: host, port: port)
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): return "unix:\(path)"
        }
    }

    init(_ socketAddress: SocketAddress) {
        switch socketAddress {
        case .unixDomainSocket: self = .unix(path: socketAddress.pathname ?? "")
        default: self = .tcp(host: socketAddress.ipAddress ?? "?", port: socketAddress.port ?? 0)
        }
    }

    /// A malformed address, naming what was wrong.
    public struct AddressError: Error, CustomStringConvertible {
        public let text: String
        public let reason: String
        public var description: String { "invalid address \"\(text)\": \(reason)" }
    }
}

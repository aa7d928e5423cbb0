import VDLSecurity

/// A server address with the blessings the server must present, written as Vanadium writes
/// them: `/(root:fortune)@127.0.0.1:8080`. The leading `/` and the `(pattern)@` part are
/// optional (`127.0.0.1:8080`, `/unix:/tmp/s.sock`).
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    public var address: ServerAddress
    /// The pattern one of the server's valid blessing names must match; nil accepts any server.
    public var serverBlessings: Access.BlessingPattern?

    public init(address: ServerAddress, serverBlessings: Access.BlessingPattern? = nil) {
        self.address = address
        self.serverBlessings = serverBlessings
    }

    public init(parsing text: String) throws {
        var rest = Substring(text)
        if rest.hasPrefix("/") { rest = rest.dropFirst() }
        if rest.hasPrefix("(") {
            guard let close = rest.firstIndex(of: ")"), rest[rest.index(after: close)...].hasPrefix("@") else {
                throw ServerAddress.AddressError(text: text, reason: "expected /(pattern)@address")
            }
            let pattern = Access.BlessingPattern(rawValue: String(rest[rest.index(after: rest.startIndex)..<close]))
            guard pattern.isValid else {
                throw ServerAddress.AddressError(text: text, reason: "\"\(pattern)\" is not a valid blessing pattern")
            }
            serverBlessings = pattern
            rest = rest[rest.index(close, offsetBy: 2)...]
        }
        address = try ServerAddress(parsing: String(rest))
    }

    public var description: String {
        serverBlessings.map { "/(\($0.rawValue))@\(address)" } ?? "/\(address)"
    }
}

extension RPCClient {
    /// A client of the server at `endpoint`, requiring the blessings the endpoint names.
    public convenience init(endpoint: Endpoint, security: TransportSecurity, configuration: RPCClientConfiguration = RPCClientConfiguration()) {
        self.init(target: endpoint.address, security: security, serverBlessings: endpoint.serverBlessings, configuration: configuration)
    }
}

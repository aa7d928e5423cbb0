import VDLWire

/// The server's end of a call's stream.
public protocol RawServerStream: Sendable {
    /// Sends one item to the client, waiting while the client is not ready for more.
    func send(_ item: [UInt8]) async throws
    /// The next item from the client, or nil once the client has closed its side.
    func receive() async throws -> [UInt8]?
}

/// A streaming call as the server sees it: read what the client streams, send values back.
public struct ServerStream<Incoming: Sendable, Outgoing: Sendable>: Sendable {
    private let raw: any RawServerStream
    private let encode: @Sendable (Outgoing) throws -> [UInt8]
    private let decode: @Sendable ([UInt8]) throws -> Incoming

    public init<I: ProtoCodec, O: ProtoCodec>(raw: any RawServerStream, incoming: I.Type, outgoing: O.Type)
    where I.Value == Incoming, O.Value == Outgoing {
        self.raw = raw
        self.encode = { try StreamItem.encode($0, as: O.self) }
        self.decode = { try StreamItem.decode($0, as: I.self) }
    }

    /// Sends one value to the client.
    public func send(_ value: Outgoing) async throws {
        try await raw.send(encode(value))
    }

    /// The values the client streams, ending when the client closes its side.
    public var incoming: StreamValues<Incoming> {
        let raw = self.raw
        let decode = self.decode
        return StreamValues { try await raw.receive().map(decode) }
    }
}

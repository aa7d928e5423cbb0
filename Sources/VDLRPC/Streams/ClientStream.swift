import VDLWire

/// A streaming call as the client sees it: send values, close the sending side, read what the
/// server streams back.
public struct ClientStream<Outgoing: Sendable, Incoming: Sendable>: Sendable {
    private let raw: any RawClientStream
    private let encode: @Sendable (Outgoing) throws -> [UInt8]
    private let decode: @Sendable ([UInt8]) throws -> Incoming

    public init<O: ProtoCodec, I: ProtoCodec>(raw: any RawClientStream, outgoing: O.Type, incoming: I.Type)
    where O.Value == Outgoing, I.Value == Incoming {
        self.raw = raw
        self.encode = { try StreamItem.encode($0, as: O.self) }
        self.decode = { try StreamItem.decode($0, as: I.self) }
    }

    /// Sends one value to the server, waiting while it is not ready for more.
    public func send(_ value: Outgoing) async throws {
        try await raw.send(encode(value))
    }

    /// Tells the server no more values will come.
    public func closeSend() async throws {
        try await raw.closeSend()
    }

    /// The values the server streams, ending when the server finishes.
    public var incoming: StreamValues<Incoming> {
        let raw = self.raw
        let decode = self.decode
        return StreamValues { try await raw.receive().map(decode) }
    }
}

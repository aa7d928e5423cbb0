import NIOCore
import VDLWire

/// Splits the byte stream into frames: a 4-byte big-endian length, then that many bytes of an
/// encoded `Wire.Frame`. A length over the limit or bytes that do not decode are errors that
/// end the connection (and only it).
struct FrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = Wire.Frame

    let maxFrameSize: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return .needMoreData }
        guard length <= maxFrameSize else {
            // A TLS record starts with its content type (0x14-0x17) and version 3.x (0x03): a
            // length no peer would send.
            if (0x1403...0x1703).contains(length >> 16), length >> 16 & 0xFF == 0x03 {
                throw FrameError.malformedFrame("the peer speaks TLS and this side is plaintext: connect both with TLS credentials, or both in plaintext")
            }
            throw FrameError.frameTooLarge(size: Int(length), limit: maxFrameSize)
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        let frame = try buffer.readWithUnsafeReadableBytes { raw -> (Int, Wire.Frame?) in
            let body = UnsafeRawBufferPointer(rebasing: raw.prefix(Int(length)))
            do {
                guard try Self.hasKnownKind(body) else { return (Int(length), nil) }
                return (Int(length), try Wire.Frame(serializedBytes: body))
            } catch {
                throw FrameError.malformedFrame(String(describing: error))
            }
        }
        // A frame of a kind this version does not know is skipped, so later versions can add kinds.
        if let frame { context.fireChannelRead(wrapInboundOut(frame)) }
        return .continue
    }

    /// Frame kinds are the union's arms, fields 1 to 10 (Hello … GoAway, Auth); an empty body or only unknown fields is
    /// not a frame this version understands (decoding it would yield the zero value, a Hello).
    static func hasKnownKind(_ body: UnsafeRawBufferPointer) throws -> Bool {
        var reader = ProtoReader(body)
        var known = false
        while let tag = try reader.nextField() {
            if (1...10).contains(tag.number) { known = true }
            try reader.skip(tag)
        }
        return known
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0 {
            throw FrameError.truncatedFrame(buffered: buffer.readableBytes)
        }
        return .needMoreData
    }
}

/// Writes frames with their length prefix.
struct FrameEncoder: MessageToByteEncoder {
    typealias OutboundIn = Wire.Frame

    func encode(data frame: Wire.Frame, out: inout ByteBuffer) throws {
        // Sized for the payload up front, so a large payload is copied once into the writer and
        // once into the buffer, with no intermediate array and no regrowth.
        var writer = ProtoWriter(reservingCapacity: frame.payloadSize + 128)
        try frame.encode(to: &writer)
        out.reserveCapacity(minimumWritableBytes: 4 + writer.count)
        out.writeInteger(UInt32(writer.count))
        writer.withUnsafeBytes { _ = out.writeBytes($0) }
    }
}

/// Why a connection's byte stream was rejected.
enum FrameError: Error, CustomStringConvertible {
    case frameTooLarge(size: Int, limit: Int)
    case malformedFrame(String)
    case truncatedFrame(buffered: Int)

    var description: String {
        switch self {
        case .frameTooLarge(let size, let limit): return "frame of \(size) bytes exceeds the limit of \(limit) bytes"
        case .malformedFrame(let reason): return "malformed frame: \(reason)"
        case .truncatedFrame(let buffered): return "connection closed in the middle of a frame (\(buffered) bytes buffered)"
        }
    }
}

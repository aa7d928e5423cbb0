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
            throw FrameError.frameTooLarge(size: Int(length), limit: maxFrameSize)
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        let frame = try buffer.readWithUnsafeReadableBytes { raw -> (Int, Wire.Frame) in
            do {
                return (Int(length), try Wire.Frame(serializedBytes: UnsafeRawBufferPointer(rebasing: raw.prefix(Int(length)))))
            } catch {
                throw FrameError.malformedFrame(String(describing: error))
            }
        }
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
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
        let bytes = try frame.serializedBytes()
        out.reserveCapacity(minimumWritableBytes: 4 + bytes.count)
        out.writeInteger(UInt32(bytes.count))
        out.writeBytes(bytes)
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

// Fuzzes the frame decoding path of VDLTransport on an arbitrary byte stream.
//
// The input is what a peer sends on a connection: 4-byte big-endian lengths, each followed by a
// proto3 `wire.Frame` body (docs/wire.md §3). Each input goes through:
//
// 1. The real decoder: `ByteToMessageHandler(FrameDecoder)` in an `EmbeddedChannel`, fed the
//    input in one piece, then again in small pieces of input-derived sizes (frames split across
//    reads), then the channel is closed (end of stream: `decodeLast`).
// 2. A reference decoder written here from docs/wire.md §3 on the public API only
//    (`Wire.Frame(serializedBytes:)` on each length-delimited piece, frames of no known kind
//    skipped). Both feedings must produce exactly the reference's frames, and fail exactly
//    when it fails.
// 3. `FrameEncoder` (through `MessageToByteHandler`) on every decoded frame: its output must
//    decode back to the same frame.
// 4. A server connection: the pipeline `RPCServer` builds for an accepted connection
//    (FrameDecoder, FrameEncoder, ServerConnectionHandler) with no services, fed the input, its
//    timers run out (handshake and idle timeouts). What it writes back must be well-formed
//    frames, the first a Hello or a GoAway.
//
// FrameDecoder, FrameEncoder, ServerCore and ServerConnectionHandler are internal to
// VDLTransport: this target imports it `@testable`, which needs the package built with
// `-enable-testing` (Fuzz/run.sh passes it; it is accepted in release builds).

import FuzzSupport
import Logging
import NIOCore
import NIOEmbedded
import VDLRPC
import VDLSecurity
@testable import VDLTransport
import VDLWire

/// The largest frame the decoders in this harness accept. Small, so that lengths over the limit
/// are easy to reach; the seeds stay far below it.
let maxFrameSize = 1 << 16

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = inputBuffer(data, size)
    let expected = referenceDecode(input)

    let whole = nioDecode(input, chunks: [0..<input.count])
    check(whole, equals: expected, feeding: "in one piece", input)
    let pieces = chunked(input)
    if pieces.count > 1 {
        check(nioDecode(input, chunks: pieces), equals: expected, feeding: "in \(pieces.count) pieces", input)
    }

    checkEncoder(expected.frames)
    checkServer(input)
    return 0
}

@_cdecl("FuzzFrameDecoder_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    writeSeedsIfRequested(FrameSeeds.all)
    return 0
}

// MARK: The two decoders

/// What decoding a whole stream gave: the frames, in order, and whether it ended in an error
/// (a length over the limit, a body that does not decode, or bytes left at the end of the stream).
struct Decoded: Equatable {
    var frames: [Wire.Frame] = []
    var failed = false
    var why = ""

    static func == (a: Decoded, b: Decoded) -> Bool { a.frames == b.frames && a.failed == b.failed }
}

/// docs/wire.md §3 on the public API: the decoder the real one must agree with.
func referenceDecode(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = maxFrameSize) -> Decoded {
    var result = Decoded()
    var index = 0
    while true {
        let left = bytes.count - index
        if left == 0 { return result }
        if left < 4 {
            result.failed = true
            result.why = "\(left) bytes of a length prefix at the end"
            return result
        }
        let length = Int(bytes[index]) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
        if length > limit {
            result.failed = true
            result.why = "length \(length) over the limit"
            return result
        }
        if left - 4 < length {
            result.failed = true
            result.why = "a body of \(length) bytes with \(left - 4) left"
            return result
        }
        let body = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[(index + 4)..<(index + 4 + length)]))
        do {
            let frame = try Wire.Frame(serializedBytes: body)
            if hasKnownKind(body) { result.frames.append(frame) }
        } catch {
            result.failed = true
            result.why = "malformed body: \(error)"
            return result
        }
        index += 4 + length
    }
}

/// Whether a body that decodes has a field numbered 1...10 (an arm of the Frame union).
func hasKnownKind(_ body: UnsafeRawBufferPointer) -> Bool {
    var reader = ProtoReader(body)
    do {
        while let tag = try reader.nextField() {
            if (1...10).contains(tag.number) { return true }
            try reader.skip(tag)
        }
    } catch {
        fuzzFailure("a body that decodes as Wire.Frame does not scan: \(error)")
    }
    return false
}

/// The real decoder, fed the given pieces of the input, then closed.
func nioDecode(_ bytes: UnsafeBufferPointer<UInt8>, chunks: [Range<Int>]) -> Decoded {
    let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maxFrameSize: maxFrameSize)))
    var result = Decoded()
    func drain() {
        do {
            while let frame = try channel.readInbound(as: Wire.Frame.self) { result.frames.append(frame) }
        } catch {
            fuzzFailure("reading the decoded frames failed: \(error)")
        }
    }
    for range in chunks where !range.isEmpty {
        var buffer = channel.allocator.buffer(capacity: range.count)
        buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[range]))
        do {
            try channel.writeInbound(buffer)
        } catch {
            result.failed = true
            result.why = "\(error)"
            break
        }
        drain()
    }
    drain()
    do {
        _ = try channel.finish(acceptAlreadyClosed: true)
    } catch {
        if !result.failed {
            result.failed = true
            result.why = "at the end: \(error)"
        }
    }
    drain()
    return result
}

/// Pieces of 1 to 16 bytes, their sizes drawn from a generator seeded by the input.
func chunked(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    var state: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { state = (state ^ UInt64(byte)) &* 0x100_0000_01b3 }
    var pieces: [Range<Int>] = []
    var start = 0
    while start < bytes.count {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let size = Int((state >> 33) % 16) + 1
        let end = min(bytes.count, start + size)
        pieces.append(start..<end)
        start = end
    }
    return pieces
}

func check(_ actual: Decoded, equals expected: Decoded, feeding: String, _ input: UnsafeBufferPointer<UInt8>) {
    guard actual != expected else { return }
    fuzzFailure("""
        FrameDecoder fed \(feeding) disagrees with the reference decoder (docs/wire.md §3):
          FrameDecoder: \(actual.frames.count) frames, failed: \(actual.failed) \(actual.why)
          reference:    \(expected.frames.count) frames, failed: \(expected.failed) \(expected.why)
          frames: \(actual.frames.map(\.kindName)) vs \(expected.frames.map(\.kindName))
          input: \(hex(input))
        """)
}

// MARK: The encoder

/// `FrameEncoder` writes each frame as its length and body, and the body decodes back to it.
func checkEncoder(_ frames: [Wire.Frame]) {
    guard !frames.isEmpty else { return }
    let channel = EmbeddedChannel(handler: MessageToByteHandler(FrameEncoder()))
    defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
    for frame in frames {
        let bytes: [UInt8]
        do {
            try channel.writeOutbound(frame)
            guard var buffer = try channel.readOutbound(as: ByteBuffer.self) else {
                fuzzFailure("FrameEncoder wrote nothing for a \(frame.kindName) frame")
            }
            bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            fuzzFailure("FrameEncoder failed on a decoded \(frame.kindName) frame: \(error)")
        }
        let decoded = bytes.withUnsafeBufferPointer { referenceDecode($0, limit: Int(UInt32.max)) }
        guard !decoded.failed, decoded.frames == [frame] else {
            fuzzFailure("FrameEncoder's output for a \(frame.kindName) frame does not decode back to it (\(decoded.why)): \(hex(bytes))")
        }
    }
}

// MARK: A server connection

let serverCore: ServerCore = {
    var configuration = RPCServerConfiguration()
    configuration.transport.maxFrameSize = maxFrameSize
    let quiet = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })
    return ServerCore(services: [], security: .plaintext, authorizer: AllowEveryoneAuthorizer(),
                      configuration: configuration, interceptors: [], logger: quiet)
}()

/// The accepted-connection pipeline of RPCServer, on the input: what it writes back must be
/// whole, well-formed frames, starting with Hello or GoAway.
func checkServer(_ input: UnsafeBufferPointer<UInt8>) {
    let channel = EmbeddedChannel()
    do {
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(FrameDecoder(maxFrameSize: maxFrameSize)),
            MessageToByteHandler(FrameEncoder()),
            ServerConnectionHandler(core: serverCore, logger: serverCore.logger, eventLoop: channel.eventLoop),
        ])
        channel.pipeline.fireChannelActive()
    } catch {
        fuzzFailure("cannot build the server pipeline: \(error)")
    }
    var output: [UInt8] = []
    func drain() {
        channel.embeddedEventLoop.run()
        while let buffer = try? channel.readOutbound(as: ByteBuffer.self) {
            output += buffer.readableBytesView
        }
    }
    if input.count > 0 {
        var buffer = channel.allocator.buffer(capacity: input.count)
        buffer.writeBytes(input)
        // A protocol error is reported to the peer with GoAway, and the error reaches the end of
        // the pipeline too: both are fine here.
        _ = try? channel.writeInbound(buffer)
    }
    drain()
    // Let the handshake and idle timers fire.
    channel.embeddedEventLoop.advanceTime(by: .seconds(3600))
    drain()
    _ = try? channel.finish(acceptAlreadyClosed: true)
    drain()

    let written = output.withUnsafeBufferPointer { referenceDecode($0, limit: Int(UInt32.max)) }
    guard !written.failed else {
        fuzzFailure("the server wrote bytes that are not whole frames (\(written.why)): \(hex(output))\n  input: \(hex(input))")
    }
    if let first = written.frames.first {
        switch first {
        case .hello, .goAway: break
        default: fuzzFailure("the server's first frame is \(first.kindName), not Hello or GoAway\n  input: \(hex(input))")
        }
    }
}

import FuzzSupport
import VDLTransport
import VDLWire

/// Seed byte streams: real frames of every kind built with the public Wire types, alone and as
/// whole client sessions, plus the edge cases of the framing (unknown kinds, empty bodies,
/// truncation, a length over the limit).
enum FrameSeeds {
    /// `FortuneAddRequest{fortune: "hi"}`: field 1, "hi" (docs/wire.md §18).
    static let addArguments: [UInt8] = [0x0A, 0x02, 0x68, 0x69]

    static let hello = Wire.Frame.hello(Wire.Hello(versions: [1], maxFrameSize: 4 << 20, initialWindow: 1 << 16, agent: "swift-vdl/0.1"))
    static let request = Wire.Frame.request(Wire.Request(
        callID: 1, method: "examples/fortune.Fortune/Add", object: "", timeoutMicros: 10_000_000,
        metadata: ["trace": "abc", "user": "alice"], arguments: addArguments, endOfStream: true))

    static func frames() throws -> [(String, Wire.Frame)] {
        let failure = VDLError(
            id: "examples/fortune.NoFortunes", retryAction: .retryRefetch, message: "no fortunes have been added",
            parameters: [try VDLAny("hi"), try VDLAny(Int32(-7))])
        return [
            ("hello", hello),
            ("hello-old-version", .hello(Wire.Hello(versions: [2, 0], maxFrameSize: 1024, initialWindow: 0, agent: "other/9"))),
            ("request-add", request),
            ("request-stream", .request(Wire.Request(callID: 2, method: "testing/features.Store/Upload", object: "obj", arguments: [], endOfStream: false))),
            ("data-item", .data(Wire.Data(callID: 2, item: [0x0A, 0x01, 0x78], hasItem: true, endOfStream: false))),
            ("data-end", .data(Wire.Data(callID: 2, item: [], hasItem: false, endOfStream: true))),
            ("response", .response(Wire.Response(callID: 1, results: [0x0A, 0x02, 0x68, 0x69]))),
            ("response-empty", .response(Wire.Response(callID: 1, results: []))),
            ("failure", .failure(Wire.Failure(callID: 1, error: failure))),
            ("cancel", .cancel(Wire.Cancel(callID: 2))),
            ("credit", .credit(Wire.Credit(callID: 2, bytes: 16))),
            ("ping", .ping(Wire.Ping(payload: 0xDEAD_BEEF, ack: false))),
            ("ping-ack", .ping(Wire.Ping(payload: 1, ack: true))),
            ("goaway", .goAway(Wire.GoAway(lastCallID: 0, error: nil))),
            ("goaway-error", .goAway(Wire.GoAway(lastCallID: 7, error: VDLError(id: "vdl.BadProtocol", retryAction: .noRetry, message: "bad")))),
        ]
    }

    static func framed(_ body: [UInt8]) -> [UInt8] {
        let n = UInt32(body.count)
        return [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + body
    }

    static func framed(_ frame: Wire.Frame) throws -> [UInt8] { framed(try frame.serializedBytes()) }

    static func all() throws -> [Seed] {
        var seeds: [Seed] = []
        for (name, frame) in try frames() {
            seeds.append(Seed("frame-\(name)", try framed(frame)))
        }
        // Whole client sessions: a unary call, a client stream with credit, pings, a goodbye.
        seeds.append(Seed("session-unary", try [hello, request].flatMap(framed)))
        seeds.append(Seed("session-stream", try [
            hello,
            .request(Wire.Request(callID: 1, method: "testing/features.Store/Upload", endOfStream: false)),
            .data(Wire.Data(callID: 1, item: [1, 2, 3], hasItem: true)),
            .credit(Wire.Credit(callID: 1, bytes: 4)),
            .data(Wire.Data(callID: 1, endOfStream: true)),
            .ping(Wire.Ping(payload: 42)),
            .cancel(Wire.Cancel(callID: 1)),
            .request(Wire.Request(callID: 3, method: "examples/fortune.Fortune/Get", endOfStream: true)),
            .goAway(Wire.GoAway(lastCallID: 3)),
        ].flatMap(framed)))
        seeds.append(Seed("session-no-hello", try [request, hello].flatMap(framed)))
        seeds.append(Seed("session-repeated-id", try [hello, request, request].flatMap(framed)))
        // The captured Hello and Request of docs/wire.md §18, byte for byte.
        seeds.append(Seed("capture-fortune-c", try bytes(
            "0000001b0a190a010110808080021810220d666f7274756e652d632f302e31"
                + "0000002f122d0801121c6578616d706c65732f666f7274756e652e466f7274756e652f4164642080ade20432040a0268693801")))
        // Framing edge cases.
        seeds.append(Seed("edge-empty-body", framed([])))
        seeds.append(Seed("edge-unknown-kind", framed([0x52, 0x02, 0x08, 0x01])))  // field 10, LEN
        seeds.append(Seed("edge-unknown-then-hello", framed([0x78, 0x05]) + (try framed(hello))))
        seeds.append(Seed("edge-truncated-body", Array(try framed(request).dropLast(3))))
        seeds.append(Seed("edge-truncated-prefix", [0x00, 0x00]))
        seeds.append(Seed("edge-too-large", [0x7F, 0xFF, 0xFF, 0xFF, 0x0A, 0x00]))
        seeds.append(Seed("edge-malformed-body", framed([0x0A, 0x05, 0x0A])))
        seeds.append(Seed("edge-wrong-wire-type", framed([0x08, 0x01])))  // field 1 as a varint
        return seeds
    }

    static func bytes(_ hexText: String) throws -> [UInt8] {
        var out: [UInt8] = []
        var chars = Array(hexText.utf8)
        if chars.count % 2 == 1 { chars.append(UInt8(ascii: "0")) }
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let byte = UInt8(String(decoding: chars[i..<i + 2], as: UTF8.self), radix: 16) else {
                throw SeedError(description: "bad hex at \(i)")
            }
            out.append(byte)
        }
        return out
    }
}

struct SeedError: Error, CustomStringConvertible {
    var description: String
}

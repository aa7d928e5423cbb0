import Testing
import VDLWire
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64: a small deterministic generator, so a failure reproduces.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Reads an environment variable without Foundation.
private enum Environment {
    static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        return String(cString: raw)
    }
}

@Suite struct FuzzTests {
    /// Random and mutated inputs only ever throw a WireError; whatever decodes re-encodes canonically.
    @Test func decoderSurvivesRandomAndMutatedInput() throws {
        var rng = SplitMix64(state: 0x5EED_1234)
        let seeds: [[UInt8]] = [
            try EveryKind.sample().serializedBytes(),
            try {
                var v = EveryKind()
                v.scores = ["a": 1, "b": 2]
                v.matrix = [[1], [2, 3]]
                v.error = VDLError(id: "x.Y", message: "z")
                return try v.serializedBytes()
            }(),
            try Node.chain(30).serializedBytes(),
        ]
        var decodedCount = 0
        var errorKinds = Set<String>()
        // VDLWIRE_FUZZ_ITERATIONS raises the count for a longer local run (e.g. under ASan).
        let iterations = Int(Environment.value("VDLWIRE_FUZZ_ITERATIONS") ?? "") ?? 20_000
        for i in 0..<iterations {
            var input: [UInt8]
            switch i % 4 {
            case 0:
                // Purely random bytes.
                input = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 1:
                // Random tags over EveryKind's field numbers with small payloads.
                input = []
                for _ in 0..<Int.random(in: 1...8, using: &rng) {
                    let field = UInt64.random(in: 1...50, using: &rng)
                    let type = [0, 1, 2, 5, 3].randomElement(using: &rng) ?? 0
                    var w = ProtoWriter()
                    w.writeVarint(field << 3 | UInt64(type))
                    input += w.bytes
                    input += (0..<Int.random(in: 0...10, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                }
            default:
                // A valid message with a few bytes flipped, inserted, removed or truncated.
                input = seeds.randomElement(using: &rng) ?? []
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !input.isEmpty {
                    let at = Int.random(in: 0..<input.count, using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: input[at] = UInt8.random(in: 0...255, using: &rng)
                    case 1: input.insert(UInt8.random(in: 0...255, using: &rng), at: at)
                    case 2: input.remove(at: at)
                    default: input.removeSubrange(at...)
                    }
                }
            }
            do {
                let value = try EveryKind(serializedBytes: input)
                decodedCount += 1
                let canonical = try value.serializedBytes()
                let again = try EveryKind(serializedBytes: canonical)
                #expect(try again.serializedBytes() == canonical, "input #\(i): \(input)")
                _ = try? Node(serializedBytes: input)
            } catch let error as WireError {
                errorKinds.insert(String(describing: error).prefix(12).description)
            } catch {
                Issue.record("input #\(i) threw a non-WireError \(error): \(input)")
            }
        }
        // The fuzzer must exercise both outcomes, or it is not testing much.
        #expect(decodedCount > 500)
        #expect(errorKinds.count >= 5)
    }
}

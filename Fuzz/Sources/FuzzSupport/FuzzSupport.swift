import Foundation

// What the fuzzers share.
//
// Entry points. A fuzzer defines `LLVMFuzzerTestOneInput` (libFuzzer calls it once per input)
// and, because SwiftPM links an executable target with `--defsym main=<Module>_main`, a
// `<Module>_main` that hands control to libFuzzer with ``runLibFuzzer(_:_:_:)``
// (libFuzzer's `LLVMFuzzerRunDriver`). Built by plain `swiftc -sanitize=fuzzer -parse-as-library`
// instead, libFuzzer's own `main` is used and `<Module>_main` is simply never called.
//
// Seeds. With `VDL_FUZZ_WRITE_SEEDS=DIR` in the environment, a fuzzer's `LLVMFuzzerInitialize`
// writes its seed inputs to DIR and exits instead of fuzzing (see Fuzz/run.sh --seeds).

/// libFuzzer's callback: one input, return 0.
public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: FuzzCallback
) -> CInt

/// Runs libFuzzer's driver (flags, corpus directories, `-merge=1`, ...) on `callback`.
public func runLibFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ callback: FuzzCallback
) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector, callback)
}

/// The input as a buffer.
@inlinable
public func inputBuffer(_ data: UnsafePointer<UInt8>, _ size: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: size > 0 ? data : nil, count: max(0, size))
}

/// A property every input must have does not hold: print what and trap, so libFuzzer records
/// the input as a crash.
public func fuzzFailure(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    let text = "FUZZ INVARIANT VIOLATED (\(file):\(line)): \(message())\n"
    FileHandle.standardError.write(Data(text.utf8))
    fatalError(text, file: file, line: line)
}

/// Lowercase hex, for messages.
public func hex(_ bytes: some Sequence<UInt8>, limit: Int = 256) -> String {
    var out = ""
    var n = 0
    for byte in bytes {
        if n == limit { out += "…"; break }
        out += String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        n += 1
    }
    return out
}

/// One seed input: a file name (kept stable, so reruns overwrite) and its bytes.
public struct Seed {
    public var name: String
    public var bytes: [UInt8]

    public init(_ name: String, _ bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

/// In seed mode (`VDL_FUZZ_WRITE_SEEDS=DIR`), writes the seeds to DIR and exits; otherwise returns.
public func writeSeedsIfRequested(_ makeSeeds: () throws -> [Seed]) {
    guard let directory = ProcessInfo.processInfo.environment["VDL_FUZZ_WRITE_SEEDS"], !directory.isEmpty else { return }
    do {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let seeds = try makeSeeds()
        for seed in seeds {
            try Data(seed.bytes).write(to: url.appendingPathComponent(seed.name))
        }
        print("wrote \(seeds.count) seeds to \(url.path)")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("writing seeds failed: \(error)\n".utf8))
        exit(1)
    }
}

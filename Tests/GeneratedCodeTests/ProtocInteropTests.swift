import Foundation
import ProcessTestSupport
import Testing
import VDLCompiler
import VDLRPC
import VDLWire

let protocPath = ["/usr/bin/protoc", "/usr/local/bin/protoc"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// The generated `.proto` and the Swift codec describe the same bytes: Google's `protoc` decodes
/// what Swift encodes and Swift decodes what `protoc` encodes, for every field kind.
/// They run when protoc is installed, and always under CI (`VDL_REQUIRE_PROTOC=1`), where a
/// missing protoc fails them.
@Suite(.serialized, .enabled(if: protocPath != nil || ProcessInfo.processInfo.environment["VDL_REQUIRE_PROTOC"] != nil))
struct ProtocInteropTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The generated protos for `testing/features` and its imports, in a fresh directory.
    static func generatedProtos() throws -> URL {
        let compilation = Compilation(idlRoot: repositoryRoot.appendingPathComponent("idl"), packages: ["testing/features"])
        #expect(!compilation.diagnostics.hasErrors, "\(compilation.diagnostics.render())")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vdl-protoc-\(UUID().uuidString)")
        try GeneratedFileWriter.write(compilation.protoFiles(onlyRequested: false), to: directory)
        return directory
    }

    /// Runs protoc with stdin/stdout as bytes; fails the test clearly when protoc is missing.
    /// Runs protoc with stdin/stdout as bytes (on a Dispatch thread: waiting for it here would
    /// block the cooperative pool); fails the test clearly when protoc is missing.
    static func protoc(_ arguments: [String], input: [UInt8], in directory: URL) async throws -> [UInt8] {
        let executable = try #require(protocPath, "protoc is not installed: apt-get install protobuf-compiler")
        let (status, output, errors) = try await TestProcess.blocking {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["-I", directory.path] + arguments + ["testing/features/features.proto"]
            let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
            process.standardInput = stdin
            process.standardOutput = stdout
            process.standardError = stderr
            try process.run()
            stdin.fileHandleForWriting.write(Data(input))
            try stdin.fileHandleForWriting.close()
            let output = stdout.fileHandleForReading.readDataToEndOfFile()
            let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, Array(output), errors)
        }
        #expect(status == 0, "protoc \(arguments): \(errors)")
        return output
    }

    @Test func protocDecodesWhatSwiftEncodes() async throws {
        let directory = try Self.generatedProtos()
        let bytes = try sampleEverything().serializedBytes()
        let text = String(decoding: try await Self.protoc(["--decode=testing.features.Everything"], input: bytes, in: directory), as: UTF8.self)
        for expected in [
            "b: true", "byte: 200", "i8: -100", "i16: -30000", "i32: -2000000000", "i64: -9223372036854775808",
            "u16: 65535", "u32: 4000000000", "u64: 18446744073709551615", "f32: 1.5", "f64: -2.25",
            "color: COLOR_BLUE", "colors: COLOR_RED", "colors: COLOR_GREEN", "name: \"alice\"", "pinned: \"kept\"",
            "ids: 18446744073709551615", "type: \"[]int32\"", "tag: \"Write\"", "id: \"testing/features.NotFound\"",
            "retry_action: RETRY_BACKOFF", "key: \"Read\"", "in: \"root:ops\"",
        ] {
            #expect(text.contains(expected), "protoc output lacks \(expected):\n\(text)")
        }
    }

    @Test func swiftDecodesWhatProtocReencodes() async throws {
        let directory = try Self.generatedProtos()
        let original = try sampleEverything()
        let text = try await Self.protoc(["--decode=testing.features.Everything"], input: original.serializedBytes(), in: directory)
        let reencoded = try await Self.protoc(["--encode=testing.features.Everything"], input: text, in: directory)
        #expect(try Features.Everything(serializedBytes: reencoded) == original)
    }

    @Test func swiftDecodesHandWrittenProtocInput() async throws {
        let directory = try Self.generatedProtos()
        let text = """
            b: true
            i8: -5
            u64: 7
            map { key: "a" value: 3 }
            lookup { key { x: 1 } value: "p" }
            shape { label: "x" }
            maybe_point {}
            grid { value: [1, 2, 3] }
            grid { value: [4, 5, 6] }
            colors: [COLOR_GREEN]
            matrix { value: [1] }
            matrix {}
            deep { key: "k" value { value { x: 9 } } }
            hash: "\\001\\002\\003\\004"
            """
        let bytes = try await Self.protoc(["--encode=testing.features.Everything"], input: Array(text.utf8), in: directory)
        let decoded = try Features.Everything(serializedBytes: bytes)
        let expected = Features.Everything(
            b: true, i8: -5, u64: 7, hash: [1, 2, 3, 4], shape: .label("x"), maybePoint: Features.Point(),
            matrix: [[1], []], grid: [[1, 2, 3], [4, 5, 6]], colors: [.green], map: ["a": 3],
            deep: ["k": [Features.Point(x: 9)]], lookup: [Features.Point(x: 1): "p"])
        #expect(decoded == expected)
    }

    @Test func aTreeOfOptionalsCrossesBothWays() async throws {
        let directory = try Self.generatedProtos()
        var tree = Features.Tree(value: -1, left: Features.Tree(value: 2))
        tree.children = [Features.Tree(right: Features.Tree(value: 3))]
        let text = try await Self.protoc(["--decode=testing.features.Tree"], input: tree.serializedBytes(), in: directory)
        let back = try await Self.protoc(["--encode=testing.features.Tree"], input: text, in: directory)
        #expect(try Features.Tree(serializedBytes: back) == tree)
    }
}

import Dispatch
import Foundation
import ProcessTestSupport
import Testing

/// Runs `vrpc` with `input` on stdin on a Dispatch thread: waiting for a process blocks, and
/// blocking the few threads of Swift's cooperative pool would stall the other tests running
/// in parallel.
func runVrpc(_ arguments: [String], input: String = "") async throws -> (status: Int32, out: String, err: String) {
    let executable = try TestProcess.executable("vrpc")
    return try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            do {
                let process = Process()
                process.executableURL = executable
                process.arguments = arguments
                let stdin = Pipe(), out = Pipe(), err = Pipe()
                process.standardInput = stdin
                process.standardOutput = out
                process.standardError = err
                try process.run()
                stdin.fileHandleForWriting.write(Data(input.utf8))
                try stdin.fileHandleForWriting.close()
                let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, output, errors))
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}

/// The `vrpc` binary against `fortuned`: signature, call and identify, and clear failures.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct VrpcProcessTests {
    static func vrpc(_ arguments: [String]) async throws -> (status: Int32, out: String, err: String) {
        try await runVrpc(arguments)
    }

    @Test func vrpcReadsTheSignatureCallsMethodsAndIdentifiesFortuned() async throws {
        let directory = NSTemporaryDirectory() + "vdl-vrpc-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let alice = directory + "/alice"
        try await FortuneProcessTests.principal(["create", alice, "alice"])

        let server = Process()
        server.executableURL = try TestProcess.executable("fortuned")
        server.arguments = ["--address", "127.0.0.1:0", "--credentials", alice]
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        // The first line names the address (read on a Dispatch thread: it blocks).
        let handle = out.fileHandleForReading
        let line = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var line = ""
                while !line.hasSuffix("\n") {
                    let byte = handle.readData(ofLength: 1)
                    guard !byte.isEmpty else { break }
                    line += String(decoding: byte, as: UTF8.self)
                }
                continuation.resume(returning: line)
            }
        }
        let address = try #require(line.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(line.hasPrefix("Listening on 127.0.0.1:"))
        let credentials = ["--credentials", alice]

        let signature = try await Self.vrpc(["signature", address] + credentials)
        #expect(signature.status == 0, "\(signature.err)")
        #expect(signature.out.contains("// Fortune keeps a set of fortunes.\ntype Fortune interface {"))
        #expect(signature.out.contains("\t// Add stores a fortune.\n\tAdd(fortune string) error {access.Write}"))
        #expect(signature.out.contains("\tHas(fortune string) (Result bool | error) {access.Read}"))

        let one = try await Self.vrpc(["signature", address, "Get"] + credentials)
        #expect(one.status == 0, "\(one.err)")
        #expect(one.out.contains("Get() (fortune string | error) {access.Read}"))
        #expect(!one.out.contains("Add("))

        let add = try await Self.vrpc(["call", address, "Add", #""hello""#] + credentials)
        #expect(add.status == 0, "\(add.err)")
        #expect(add.out.isEmpty)
        let has = try await Self.vrpc(["call", address, "examples/fortune.Fortune/Has", #""hello""#] + credentials)
        #expect(has.status == 0, "\(has.err)")
        #expect(has.out == "true\n")
        let bare = try await Self.vrpc(["call", address, "Has", "absent"] + credentials)
        #expect(bare.out == "false\n", "\(bare.err)")
        let get = try await Self.vrpc(["call", address, "Get"] + credentials)
        #expect(get.out == "\"hello\"\n", "\(get.err)")

        let identify = try await Self.vrpc(["identify", address] + credentials)
        #expect(identify.status == 0, "\(identify.err)")
        #expect(identify.out.contains("Blessings:   alice"))
        #expect(identify.out.contains("Valid names: [alice]"))
        #expect(identify.out.range(of: "Public key:  [0-9a-f]{64}\n", options: .regularExpression) != nil)

        let unknown = try await Self.vrpc(["call", address, "Nope"] + credentials)
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("the server has no method Nope; it has: examples/fortune.Fortune/Add, examples/fortune.Fortune/Get, examples/fortune.Fortune/Has"))
        let count = try await Self.vrpc(["call", address, "Add", "a", "b"] + credentials)
        #expect(count.status == 2)
        #expect(count.err.contains("Add takes 1 argument (fortune string), got 2"))
        let mistyped = try await Self.vrpc(["call", address, "Has", "42"] + credentials)
        #expect(mistyped.status == 2)
        #expect(mistyped.err.contains("argument 1 (fortune): expected a JSON string for string, got 42"))
    }
}

/// `vrpc` against an in-test server of every method shape (plaintext, 127.0.0.1): embedded
/// methods and types in the signature, server streams as JSON lines, client streams from stdin.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct VrpcStreamingProcessTests {
    static func vrpc(_ arguments: [String], input: String = "") async throws -> (status: Int32, out: String, err: String) {
        try await runVrpc(arguments, input: input)
    }

    @Test func vrpcStreamsJSONLinesBothWaysAndPrintsEmbeddedMethodsAndTypes() async throws {
        try await withServer(services: [Features.Store.registration(TestStore())]) { _, address in
            let target = "\(address)"
            let signature = try await Self.vrpc(["signature", "--plaintext", target])
            #expect(signature.status == 0, "\(signature.err)")
            #expect(signature.out.contains("type Store interface {\n\tBase\n"))
            #expect(signature.out.contains("\t// (from testing/features.Base)\n\tPing(message string) (reply string | error) {access.Read}"))
            #expect(signature.out.contains("\tWatch(prefix string) stream<_, Shape> error {access.Read}"))
            #expect(signature.out.contains("// Point has two coordinates.\ntype Point struct {\n\tX int32\n\tY int32\n}"))
            #expect(signature.out.contains("type Color enum {\n\tRed\n\tGreen\n\tBlue\n}"))
            #expect(signature.out.contains("type access.Permissions map[string]access.AccessList"))

            let watch = try await Self.vrpc(["call", "--plaintext", target, "Watch", "w:2"])
            #expect(watch.status == 0, "\(watch.err)")
            #expect(watch.out == "{\"Label\":\"w:2-0\"}\n{\"Label\":\"w:2-1\"}\n")

            let upload = try await Self.vrpc(["call", "--plaintext", target, "Upload"], input: "{\"X\": 2}\n\n{\"X\": 3, \"Y\": -1}\n")
            #expect(upload.status == 0, "\(upload.err)")
            #expect(upload.out == "5\n")

            let chat = try await Self.vrpc(["call", "--plaintext", target, "testing/features.Store/Chat"], input: "hi\n\"there\"\n")
            #expect(chat.status == 0, "\(chat.err)")
            #expect(chat.out == "\"HI\"\n\"THERE\"\n")

            let literals = try await Self.vrpc(["call", "--plaintext", target, "Upload"], input: "Point{X: 2}\n{3, 1}\n")
            #expect(literals.status == 0, "\(literals.err)")
            #expect(literals.out == "5\n")

            let badItem = try await Self.vrpc(["call", "--plaintext", target, "Upload"], input: "{\"Z\": 1}\n")
            #expect(badItem.status == 2)
            #expect(badItem.err.contains("stdin line 1: struct testing/features.Point has no field Z (fields: X, Y)"))

            let lookup = try await Self.vrpc(["call", "--plaintext", target, "Lookup", "k"])
            #expect(lookup.status == 0, "\(lookup.err)")
            let lines = lookup.out.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.first?.hasPrefix("{\"B\":false,\"Byte\":0,") == true)
            #expect(lines.last == "true")

            let ping = try await Self.vrpc(["call", "--plaintext", target, "Ping", "-x"])
            #expect(ping.status == 0, "\(ping.err)")
            #expect(ping.out == "\"pong: -x (?)\"\n")
        }
    }
}

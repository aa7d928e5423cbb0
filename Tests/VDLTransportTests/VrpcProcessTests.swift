import Foundation
import Testing

/// The `vrpc` binary against `fortuned`: signature, call and identify, and clear failures.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct VrpcProcessTests {
    static func vrpc(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try FortuneProcessTests.run("vrpc", arguments)
    }

    @Test func vrpcReadsTheSignatureCallsMethodsAndIdentifiesFortuned() async throws {
        let directory = NSTemporaryDirectory() + "vdl-vrpc-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let alice = directory + "/alice"
        try FortuneProcessTests.principal(["create", alice, "alice"])

        let server = Process()
        server.executableURL = try FortuneProcessTests.executable("fortuned")
        server.arguments = ["--address", "127.0.0.1:0", "--credentials", alice]
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        var line = ""
        let handle = out.fileHandleForReading
        while !line.hasSuffix("\n") {
            let byte = handle.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            line += String(decoding: byte, as: UTF8.self)
        }
        let address = try #require(line.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(line.hasPrefix("Listening on 127.0.0.1:"))
        let credentials = ["--credentials", alice]

        let signature = try Self.vrpc(["signature", address] + credentials)
        #expect(signature.status == 0, "\(signature.err)")
        #expect(signature.out.contains("// Fortune keeps a set of fortunes.\ntype Fortune interface {"))
        #expect(signature.out.contains("\t// Add stores a fortune.\n\tAdd(fortune string) error {access.Write}"))
        #expect(signature.out.contains("\tHas(fortune string) (Result bool | error) {access.Read}"))

        let one = try Self.vrpc(["signature", address, "Get"] + credentials)
        #expect(one.status == 0, "\(one.err)")
        #expect(one.out.contains("Get() (fortune string | error) {access.Read}"))
        #expect(!one.out.contains("Add("))

        let add = try Self.vrpc(["call", address, "Add", #""hello""#] + credentials)
        #expect(add.status == 0, "\(add.err)")
        #expect(add.out.isEmpty)
        let has = try Self.vrpc(["call", address, "examples/fortune.Fortune/Has", #""hello""#] + credentials)
        #expect(has.status == 0, "\(has.err)")
        #expect(has.out == "true\n")
        let bare = try Self.vrpc(["call", address, "Has", "absent"] + credentials)
        #expect(bare.out == "false\n", "\(bare.err)")
        let get = try Self.vrpc(["call", address, "Get"] + credentials)
        #expect(get.out == "\"hello\"\n", "\(get.err)")

        let identify = try Self.vrpc(["identify", address] + credentials)
        #expect(identify.status == 0, "\(identify.err)")
        #expect(identify.out.contains("Blessings:   alice"))
        #expect(identify.out.contains("Valid names: [alice]"))
        #expect(identify.out.range(of: "Public key:  [0-9a-f]{64}\n", options: .regularExpression) != nil)

        let unknown = try Self.vrpc(["call", address, "Nope"] + credentials)
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("the server has no method Nope; it has: examples/fortune.Fortune/Add, examples/fortune.Fortune/Get, examples/fortune.Fortune/Has"))
        let count = try Self.vrpc(["call", address, "Add", "a", "b"] + credentials)
        #expect(count.status == 2)
        #expect(count.err.contains("Add takes 1 argument (fortune string), got 2"))
        let mistyped = try Self.vrpc(["call", address, "Has", "42"] + credentials)
        #expect(mistyped.status == 2)
        #expect(mistyped.err.contains("argument 1 (fortune): expected a JSON string for string, got 42"))
    }
}

/// `vrpc` against an in-test server of every method shape (plaintext, 127.0.0.1): embedded
/// methods and types in the signature, server streams as JSON lines, client streams from stdin.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct VrpcStreamingProcessTests {
    /// Runs `vrpc` with `input` on stdin.
    static func vrpc(_ arguments: [String], input: String = "") throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = try FortuneProcessTests.executable("vrpc")
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
        return (process.terminationStatus, output, errors)
    }

    @Test func vrpcStreamsJSONLinesBothWaysAndPrintsEmbeddedMethodsAndTypes() async throws {
        try await withServer(services: [Features.Store.registration(TestStore())]) { _, address in
            let target = "\(address)"
            let signature = try Self.vrpc(["signature", "--plaintext", target])
            #expect(signature.status == 0, "\(signature.err)")
            #expect(signature.out.contains("type Store interface {\n\tBase\n"))
            #expect(signature.out.contains("\t// (from testing/features.Base)\n\tPing(message string) (reply string | error) {access.Read}"))
            #expect(signature.out.contains("\tWatch(prefix string) stream<_, Shape> error {access.Read}"))
            #expect(signature.out.contains("// Point has two coordinates.\ntype Point struct {\n\tX int32\n\tY int32\n}"))
            #expect(signature.out.contains("type Color enum {\n\tRed\n\tGreen\n\tBlue\n}"))
            #expect(signature.out.contains("type access.Permissions map[string]access.AccessList"))

            let watch = try Self.vrpc(["call", "--plaintext", target, "Watch", "w:2"])
            #expect(watch.status == 0, "\(watch.err)")
            #expect(watch.out == "{\"Label\":\"w:2-0\"}\n{\"Label\":\"w:2-1\"}\n")

            let upload = try Self.vrpc(["call", "--plaintext", target, "Upload"], input: "{\"X\": 2}\n\n{\"X\": 3, \"Y\": -1}\n")
            #expect(upload.status == 0, "\(upload.err)")
            #expect(upload.out == "5\n")

            let chat = try Self.vrpc(["call", "--plaintext", target, "testing/features.Store/Chat"], input: "hi\n\"there\"\n")
            #expect(chat.status == 0, "\(chat.err)")
            #expect(chat.out == "\"HI\"\n\"THERE\"\n")

            let literals = try Self.vrpc(["call", "--plaintext", target, "Upload"], input: "Point{X: 2}\n{3, 1}\n")
            #expect(literals.status == 0, "\(literals.err)")
            #expect(literals.out == "5\n")

            let badItem = try Self.vrpc(["call", "--plaintext", target, "Upload"], input: "{\"Z\": 1}\n")
            #expect(badItem.status == 2)
            #expect(badItem.err.contains("stdin line 1: struct testing/features.Point has no field Z (fields: X, Y)"))

            let lookup = try Self.vrpc(["call", "--plaintext", target, "Lookup", "k"])
            #expect(lookup.status == 0, "\(lookup.err)")
            let lines = lookup.out.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.first?.hasPrefix("{\"B\":false,\"Byte\":0,") == true)
            #expect(lines.last == "true")

            let ping = try Self.vrpc(["call", "--plaintext", target, "Ping", "-x"])
            #expect(ping.status == 0, "\(ping.err)")
            #expect(ping.out == "\"pong: -x (?)\"\n")
        }
    }
}

import ArgumentParser
import Dispatch
import Foundation
import VDLReflection
import VDLNaming
import VDLRPC
import VDLWire

/// `vrpc call TARGET METHOD ARGS...`: calls any method with JSON arguments.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call a method with JSON arguments, converted through the server's signature.",
        discussion: """
            Each argument is JSON ('"hello"', 42, '{"X": 1, "Y": 2}', '[1, 2]') or a VDL literal \
            ('Point{X: 1}', '[]string{"a"}', Color.Green); an argument of a string type that is \
            neither is taken as the string itself (hello). Results are \
            printed as JSON, one per line; a server stream prints one JSON line per item; a client \
            stream reads one value per line from stdin until end of file.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The server: a name resolved at --namespace-root, host:port, unix:PATH or /(pattern)@host:port.")
    var target: String

    @Argument(help: "The method: Add, or examples/fortune.Fortune/Add.")
    var method: String

    @Argument(parsing: .allUnrecognized, help: "The arguments, as JSON or VDL literals.")
    var arguments: [String] = []

    @Option(help: "The object name on the server (default: the server's default object).")
    var object = ""

    func run() async throws {
        try await reportingErrors {
            let (client, suffix) = try await makeClient(target: target, connection: connection)
            let object = ObjectName.join(suffix, self.object)
            let services = try await client.signature(object: object, options: connection.options)
            let (_, descriptor) = try MethodLookup(services: services).find(method)
            let codec = DynamicCodec(services: services)
            let values = try Self.parse(arguments, for: descriptor, codec: codec)
            let request = try codec.encodeArguments(values, for: descriptor)
            let (_, response) = try await client.call(
                CallRequest(method: descriptor, object: object, options: connection.options), arguments: request
            ) { stream in
                try await Self.stream(stream, descriptor: descriptor, codec: codec)
            }
            for result in try codec.decodeResults(response, for: descriptor) {
                printLine(result.description)
            }
            await client.close()
        }
    }

    /// Parses each command-line argument as JSON; a string-typed argument that is not JSON is the string itself.
    static func parse(_ arguments: [String], for method: MethodDescriptor, codec: DynamicCodec) throws -> [JSONValue] {
        guard arguments.count == method.inArgs.count else {
            throw UsageError(description: "\(method.name) takes \(count(method.inArgs.count))\(list(method.inArgs)), got \(arguments.count)")
        }
        var values: [JSONValue] = []
        for (index, (text, argument)) in zip(arguments, method.inArgs).enumerated() {
            values.append(try Self.value(text, as: argument.type, codec: codec, what: "argument \(index + 1) (\(argument.name))"))
        }
        return values
    }

    /// JSON, else a VDL literal, else (for a string type) the text itself.
    static func value(_ text: String, as type: String, codec: DynamicCodec, what: String) throws -> JSONValue {
        let jsonError: JSONValue.ParseError
        do {
            return try JSONValue(parsing: text)
        } catch {
            jsonError = error
        }
        do {
            return try codec.json(fromVDL: text, as: type, path: what)
        } catch let error as ReflectionError {
            if codec.isString(type) { return .string(text) }
            if case .invalidType = error {
                throw UsageError(description: "\(what): neither JSON (\(jsonError)) nor a VDL literal")
            }
            throw error
        }
    }

    static func count(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }

    static func list(_ arguments: [ArgumentDescriptor]) -> String {
        arguments.isEmpty ? "" : " (" + arguments.map { "\($0.name) \($0.type)" }.joined(separator: ", ") + ")"
    }

    /// The next line of stdin, read on a Dispatch thread so that a blocked read leaves the
    /// cooperative pool free to receive the server's stream.
    static func nextLine() async -> String? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: readLine()) }
        }
    }

    /// Sends stdin lines as the client stream and prints the server stream, concurrently.
    static func stream(_ stream: any RawClientStream, descriptor: MethodDescriptor, codec: DynamicCodec) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let type = descriptor.inStream {
                group.addTask {
                    var line = 0
                    while let text = await Self.nextLine() {
                        line += 1
                        if text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                        let item = try Self.value(text, as: type, codec: codec, what: "stdin line \(line)")
                        try await stream.send(try codec.encodeStreamItem(item, as: type, path: "stdin line \(line)"))
                    }
                    try await stream.closeSend()
                }
            }
            if let type = descriptor.outStream {
                group.addTask {
                    var index = 0
                    while let item = try await stream.receive() {
                        index += 1
                        printLine(try codec.decodeStreamItem(item, as: type, path: "stream item \(index)").description)
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}

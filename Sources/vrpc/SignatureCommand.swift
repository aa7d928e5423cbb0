import ArgumentParser
import VDLReflection
import VDLRPC
import VDLTransport

/// `vrpc signature TARGET [METHOD]`: the interfaces in VDL syntax.
struct SignatureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signature",
        abstract: "Print the interfaces the server serves in VDL syntax, with doc comments, tags and the types they use.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The server: a name resolved at --namespace-root, host:port, unix:PATH or /(pattern)@host:port.")
    var target: String

    @Argument(help: "Print only this method (Add, or examples/fortune.Fortune/Add).")
    var method: String?

    func run() async throws {
        try await reportingErrors {
            let (client, suffix) = try await makeClient(target: target, connection: connection)
            let services = try await client.signature(object: suffix, options: connection.options)
            if let method {
                let (service, descriptor) = try MethodLookup(services: services).find(method)
                printLine(service.vdlSyntax(methods: [descriptor]))
                await client.close()
                return
            }
            var printed: Set<String> = []
            for (index, service) in services.enumerated() {
                if index > 0 { printLine("") }
                printLine(service.vdlSyntax())
                let types = service.types.filter { printed.insert($0.name).inserted }
                for type in types { printLine(type.vdlSyntax(from: service.packagePath)) }
            }
            await client.close()
        }
    }
}

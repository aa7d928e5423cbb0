import ArgumentParser
import Foundation
import VDLCompiler

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate Swift and proto3 files for IDL packages (and the packages they import).")

    @OptionGroup var idl: IDLOptions

    @Option(name: .customLong("swift-out"), help: "Directory for the Swift files (one per package).")
    var swiftOut: String?

    @Option(name: .customLong("proto-out"), help: "Directory for the .proto files (<package>/<name>.proto, and vdl/vdl.proto).")
    var protoOut: String?

    @Flag(name: .customLong("only-requested"), help: "Emit only the named packages, not the packages they import.")
    var onlyRequested = false

    @Option(name: .customLong("module-map"), help: "PACKAGE=MODULE: the package's Swift code lives in MODULE; import it instead of generating it.")
    var moduleMap: [String] = []

    func validate() throws {
        for entry in moduleMap where entry.split(separator: "=").count != 2 {
            throw ValidationError("--module-map expects PACKAGE=MODULE, got \"\(entry)\"")
        }
    }

    func run() throws {
        let start = ContinuousClock.now
        let compilation = Compilation(idlRoot: idl.rootURL, packages: idl.packages)
        let map = Dictionary(moduleMap.map { entry -> (String, String) in
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts[1])
        }, uniquingKeysWith: { _, last in last })
        compilation.checkImportsProvided(onlyRequested: onlyRequested, moduleMap: map)
        compilation.checkGeneratedNames(onlyRequested: onlyRequested, swift: swiftOut != nil, proto: protoOut != nil)
        try report(compilation.diagnostics)

        var swiftCount = 0
        var protoCount = 0
        do {
            if let swiftOut {
                let files = compilation.swiftFiles(onlyRequested: onlyRequested, options: .init(moduleMap: map))
                try GeneratedFileWriter.write(files, to: URL(fileURLWithPath: swiftOut))
                swiftCount = files.count
            }
            if let protoOut {
                let files = compilation.protoFiles(onlyRequested: onlyRequested)
                try GeneratedFileWriter.write(files, to: URL(fileURLWithPath: protoOut))
                protoCount = files.count
            }
        } catch {
            throw Failure(message: "vdlc: cannot write generated files: \(error.localizedDescription)")
        }
        let packages = compilation.packagesToEmit(onlyRequested: onlyRequested).count
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        print("vdlc: \(packages) package\(packages == 1 ? "" : "s"), \(swiftCount) Swift and \(protoCount) proto file\(protoCount == 1 ? "" : "s") in \(String(format: "%.1f", milliseconds)) ms")
    }
}

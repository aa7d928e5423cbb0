import ArgumentParser
import Foundation
import VDLCompiler

/// `vdlc`: checks VDL packages and generates Swift and proto3 from them.
///
/// Exit codes: 0 success, 1 diagnostics (or breaking changes for `compat`), 2 usage errors.
@main
struct VDLC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vdlc",
        abstract: "The VDL compiler: checks IDL packages and generates Swift and proto3 from them.",
        subcommands: [Generate.self, Check.self, Compat.self]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as Failure {
            if !failure.message.isEmpty { FileHandle.standardError.write(Data((failure.message + "\n").utf8)) }
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// A failure already explained on stderr (diagnostics, breaking changes, I/O): exit code 1.
struct Failure: Error {
    var message = ""
}

/// Prints diagnostics to stderr; fails when any is an error.
func report(_ diagnostics: DiagnosticCollector) throws {
    let text = diagnostics.render()
    if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    if diagnostics.hasErrors {
        let count = diagnostics.errorCount
        throw Failure(message: "\(count) error\(count == 1 ? "" : "s")")
    }
}

struct IDLOptions: ParsableArguments {
    @Option(name: .customLong("idl-root"), help: "The directory that holds the IDL packages.")
    var idlRoot: String

    @Argument(help: "Package directories relative to the IDL root (default: every package under it).")
    var packages: [String] = []

    var rootURL: URL { URL(fileURLWithPath: idlRoot) }
}

import ArgumentParser
import VDLCompiler

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check IDL packages and print diagnostics; exit 1 on errors.")

    @OptionGroup var idl: IDLOptions

    func run() throws {
        let compilation = Compilation(idlRoot: idl.rootURL, packages: idl.packages)
        compilation.checkGeneratedNames(onlyRequested: false, swift: true, proto: true)
        try report(compilation.diagnostics)
    }
}

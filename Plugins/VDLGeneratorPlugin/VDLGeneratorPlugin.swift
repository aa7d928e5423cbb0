import Foundation
import PackagePlugin

/// Generates Swift from the IDL packages a target names in its `vdl-config.json`.
///
/// The config file sits in the target's source directory:
/// ```json
/// { "idlRoot": "idl", "packages": ["security/access", "examples/fortune"] }
/// ```
/// `idlRoot` is relative to the package root and defaults to `idl`. Every `.vdl` file of the named
/// packages and of the packages they import is an input, so editing one regenerates the stubs.
@main
struct VDLGeneratorPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let sourceTarget = target as? SourceModuleTarget else { return [] }
        let configURL = sourceTarget.directoryURL.appending(path: VDLPluginConfig.fileName)
        let config = try VDLPluginConfig.load(from: configURL)
        let idlRoot = context.package.directoryURL.appending(path: config.idlRoot)
        let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")
        let outputs = config.packages.map { output.appending(path: VDLPluginConfig.swiftFileName(forPackage: $0)) }
        let inputs = [configURL] + VDLPluginConfig.vdlFiles(under: idlRoot)

        return [
            .buildCommand(
                displayName: "vdlc: generating Swift for \(config.packages.joined(separator: ", "))",
                executable: try context.tool(named: "vdlc").url,
                arguments: ["generate", "--idl-root", idlRoot.path(), "--swift-out", output.path(), "--only-requested"] + config.moduleMapArguments + config.packages,
                inputFiles: inputs,
                outputFiles: outputs
            ),
        ]
    }
}

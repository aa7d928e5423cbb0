import Foundation
import PackagePlugin

/// `swift package generate-vdl [--swift-out DIR] [--proto-out DIR] [PACKAGE...]`: writes the
/// generated Swift and proto3 files of `idl/` into the tree (defaults: `Generated/swift`, `Generated/proto`,
/// every package under `idl/`).
@main
struct VDLGenerateCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let root = context.package.directoryURL
        let swiftOut = extractor.extractOption(named: "swift-out").last ?? "Generated/swift"
        let protoOut = extractor.extractOption(named: "proto-out").last ?? "Generated/proto"
        let idlRoot = root.appending(path: extractor.extractOption(named: "idl-root").last ?? "idl")
        var packages = extractor.remainingArguments
        if packages.isEmpty { packages = Self.packageDirectories(under: idlRoot) }

        let process = Process()
        process.executableURL = try context.tool(named: "vdlc").url
        process.arguments = [
            "generate", "--idl-root", idlRoot.path(),
            "--swift-out", root.appending(path: swiftOut).path(),
            "--proto-out", root.appending(path: protoOut).path(),
        ] + packages
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Diagnostics.error("vdlc failed with exit code \(process.terminationStatus)")
            return
        }
        print("Generated \(packages.count) package(s) into \(swiftOut) and \(protoOut)")
    }

    /// Directories under the root that directly contain `.vdl` files, relative to it.
    static func packageDirectories(under root: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var directories = Set<String>()
        let prefix = root.standardizedFileURL.path()
        for case let url as URL in enumerator where url.pathExtension == "vdl" {
            let directory = url.deletingLastPathComponent().standardizedFileURL.path()
            var relative = String(directory.dropFirst(prefix.count))
            while relative.hasSuffix("/") { relative.removeLast() }
            if !relative.isEmpty { directories.insert(relative) }
        }
        return directories.sorted()
    }
}

import ArgumentParser
import Foundation
import VDLCompiler

struct Compat: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report wire-breaking changes between two versions of a package (two .vdl files or two package directories); exit 1 if any.")

    @Option(name: .customLong("idl-root"), help: "The IDL root imports are resolved against (default: the current directory).")
    var idlRoot: String = "."

    @Argument(help: "The old version: a .vdl file or a package directory.")
    var old: String

    @Argument(help: "The new version: a .vdl file or a package directory.")
    var new: String

    func run() throws {
        let root = URL(fileURLWithPath: idlRoot).standardizedFileURL
        let (oldPath, oldFiles) = try inputs(old)
        let (newPath, newFiles) = try inputs(new)
        let before = Compilation(idlRoot: root, packages: [oldPath], overrides: [oldPath: oldFiles])
        try report(before.diagnostics)
        let after = Compilation(idlRoot: root, packages: [newPath], overrides: [newPath: newFiles])
        try report(after.diagnostics)
        guard let oldModule = before.module, let newModule = after.module else { throw Failure() }
        let changes = CompatibilityChecker(old: oldModule, new: newModule).breakingChanges(oldPackage: oldPath, newPackage: newPath)
        if changes.isEmpty {
            print("vdlc compat: no wire-breaking changes")
            return
        }
        for change in changes { FileHandle.standardError.write(Data("breaking: \(change)\n".utf8)) }
        throw Failure(message: "\(changes.count) wire-breaking change\(changes.count == 1 ? "" : "s")")
    }

    /// A package identity and its files, for a file or a directory argument.
    private func inputs(_ argument: String) throws -> (String, [URL]) {
        let url = URL(fileURLWithPath: argument).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ValidationError("\(argument): no such file or directory")
        }
        let files: [URL]
        let directory: URL
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            files = names.filter { $0.hasSuffix(".vdl") }.sorted().map { url.appendingPathComponent($0) }
            guard !files.isEmpty else { throw ValidationError("\(argument): no .vdl files in this directory") }
            directory = url
        } else {
            guard url.pathExtension == "vdl" else { throw ValidationError("\(argument): not a .vdl file") }
            files = [url]
            directory = url.deletingLastPathComponent()
        }
        // Identify the package by its path under the root when it is there, else by a private name.
        let root = URL(fileURLWithPath: idlRoot).standardizedFileURL.path
        let path = directory.path.hasPrefix(root + "/") ? String(directory.path.dropFirst(root.count + 1)) : "compat/" + directory.lastPathComponent
        return (path, files)
    }
}

import Foundation
import Testing
@testable import VDLCompiler

/// Paths and helpers shared by the compiler tests.
enum TestPaths {
    /// The package root (the directory holding Package.swift), found from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Tests/VDLCompilerTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // package root

    /// The repository's real IDL tree.
    static let idlRoot = packageRoot.appendingPathComponent("idl", isDirectory: true)

    /// This test target's directory in the source tree (where golden files are rewritten).
    static let sourceTestsDirectory = packageRoot.appendingPathComponent("Tests/VDLCompilerTests", isDirectory: true)

    /// A resource folder (`Golden`, `Invalid`) as copied into the test bundle; the source tree copy
    /// when the bundle lacks it (it never should: Package.swift declares both as `.copy` resources).
    static func resource(_ name: String) -> URL {
        if let url = Bundle.module.url(forResource: name, withExtension: nil) { return url }
        return sourceTestsDirectory.appendingPathComponent(name, isDirectory: true)
    }
}

/// A throwaway IDL root in the temporary directory, deleted when the value is released.
final class TemporaryIDLRoot {
    let url: URL

    /// `files` maps paths relative to the root (`p/p.vdl`) to their contents.
    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("vdl-tests-\(UUID().uuidString)", isDirectory: true)
        for (path, contents) in files {
            let file = url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: file)
        }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ relative: String) -> URL { url.appendingPathComponent(relative) }
}

/// Compiles `files` (relative path → source) as an IDL root and returns the compilation.
/// The root is deleted before returning; diagnostics and the module stay valid.
func compile(_ files: [String: String], packages: [String] = []) throws -> Compilation {
    let root = try TemporaryIDLRoot(files)
    return Compilation(idlRoot: root.url, packages: packages)
}

/// Compiles one package `p` made of the single file `p/p.vdl`.
func compileSingle(_ source: String) throws -> Compilation {
    try compile(["p/p.vdl": source], packages: ["p"])
}

extension DiagnosticCollector {
    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// All error messages, one per line, for failure messages.
    var errorSummary: String {
        errors.map(\.description).joined(separator: "\n")
    }
}

/// The checked package `path` of a compilation that must have succeeded.
func checkedPackage(_ compilation: Compilation, _ path: String = "p", sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> IRPackage {
    #expect(!compilation.diagnostics.hasErrors, "unexpected errors:\n\(compilation.diagnostics.render())", sourceLocation: sourceLocation)
    let module = try #require(compilation.module, "no module: \(compilation.diagnostics.render())", sourceLocation: sourceLocation)
    return try #require(module.package(path), "package \(path) missing", sourceLocation: sourceLocation)
}

/// The value of constant `name` in package `p` of a successful compilation.
func constantValue(_ compilation: Compilation, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Constant {
    let package = try checkedPackage(compilation, sourceLocation: sourceLocation)
    let definition = try #require(package.consts.first { $0.name.name == name }, "no constant \(name)", sourceLocation: sourceLocation)
    return definition.constant
}

/// The struct or union fields of type `name` in package `p` of a successful compilation.
func fields(_ compilation: Compilation, of name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [FieldDefinition] {
    let package = try checkedPackage(compilation, sourceLocation: sourceLocation)
    let type = try #require(package.types.first { $0.name.name == name }, "no type \(name)", sourceLocation: sourceLocation)
    switch type.kind {
    case .structure(let fields), .union(let fields): return fields
    default:
        Issue.record("\(name) is not a struct or union", sourceLocation: sourceLocation)
        return []
    }
}

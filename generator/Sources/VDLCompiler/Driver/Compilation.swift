import Foundation

/// The whole pipeline: load and parse, check, lower to IR, emit.
public struct Compilation {
    public let idlRoot: URL
    public let diagnostics = DiagnosticCollector()
    /// Set when checking produced no errors.
    public private(set) var module: IRModule?

    /// Loads the packages (all packages under the root when empty) and checks them.
    public init(idlRoot: URL, packages: [String], overrides: [String: [URL]] = [:]) {
        self.idlRoot = idlRoot
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: idlRoot.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            diagnostics.error("IDL root \(idlRoot.path) does not exist or is not a directory", at: nil)
            return
        }
        let requested = packages.isEmpty ? PackageLoader.discoverPackages(under: idlRoot) : packages.map(PackageLoader.normalize)
        if requested.isEmpty {
            diagnostics.error("no IDL packages found under \(idlRoot.path)", at: nil)
            return
        }
        var loader = PackageLoader(root: idlRoot, diagnostics: diagnostics, overrides: overrides)
        let loaded = loader.load(requested)
        let checked = Checker(packages: loaded, diagnostics: diagnostics).check()
        if !diagnostics.hasErrors {
            module = IRLowering.lower(checked, requested: Set(requested))
        }
    }

    /// Packages to emit: the requested ones, plus their imports unless `onlyRequested`.
    public func packagesToEmit(onlyRequested: Bool) -> [IRPackage] {
        module?.packages.filter { !onlyRequested || $0.isRequested } ?? []
    }

    public func swiftFiles(onlyRequested: Bool, options: SwiftEmitter.Options = .init()) -> [GeneratedFile] {
        guard let module else { return [] }
        let emitter = SwiftEmitter(module: module, options: options)
        return packagesToEmit(onlyRequested: onlyRequested)
            .filter { options.moduleMap[$0.path] == nil }
            .map(emitter.emit)
    }

    public func protoFiles(onlyRequested: Bool) -> [GeneratedFile] {
        guard let module else { return [] }
        let emitter = ProtoEmitter(module: module)
        let packages = packagesToEmit(onlyRequested: onlyRequested)
        return [ProtoEmitter.builtin()] + packages.map(emitter.emit)
    }

    /// Names the emitters cannot represent: run before writing Swift or proto output.
    public func checkGeneratedNames(onlyRequested: Bool, swift: Bool, proto: Bool) {
        guard let module else { return }
        let packages = packagesToEmit(onlyRequested: onlyRequested)
        if swift { SwiftNameCheck.check(packages, module: module, diagnostics: diagnostics) }
        if proto {
            let emitter = ProtoEmitter(module: module)
            for package in packages { emitter.checkNames(package, diagnostics: diagnostics) }
        }
    }

    /// A package emitted alone must find its imports in the output or in a mapped module.
    public func checkImportsProvided(onlyRequested: Bool, moduleMap: [String: String]) {
        guard onlyRequested, let module else { return }
        let emitted = Set(packagesToEmit(onlyRequested: true).map(\.path))
        for package in module.packages where package.isRequested {
            for imported in package.imports where !emitted.contains(imported) && moduleMap[imported] == nil {
                diagnostics.error(
                    "package \(package.path) imports \"\(imported)\", which is neither generated here nor mapped to a Swift module: add it to the packages, or map it with --module-map \(imported)=ModuleName",
                    at: nil)
            }
        }
    }
}

/// Writes generated files, touching only the ones whose contents changed.
public enum GeneratedFileWriter {
    /// Returns how many files were written (unchanged ones are skipped).
    @discardableResult
    public static func write(_ files: [GeneratedFile], to directory: URL) throws -> Int {
        var written = 0
        for file in files {
            let url = directory.appendingPathComponent(file.path)
            let data = Data(file.contents.utf8)
            if FileManager.default.contents(atPath: url.path) == data { continue }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
            written += 1
        }
        return written
    }
}

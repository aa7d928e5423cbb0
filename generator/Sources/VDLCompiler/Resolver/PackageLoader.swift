import Foundation

/// Finds, reads and parses IDL packages and everything they import, in dependency order.
///
/// A package is a directory under the IDL root; its path relative to the root is its identity
/// (`import "security/access"`). Import cycles and missing packages are reported here.
public struct PackageLoader {
    public let root: URL
    private let diagnostics: DiagnosticCollector
    private var loaded: [String: LoadedPackage] = [:]
    private var order: [String] = []
    private var inProgress: [String] = []
    private var failed: Set<String> = []
    /// Packages read from explicit files instead of their directory (`vdlc compat OLD.vdl NEW.vdl`).
    private let overrides: [String: [URL]]

    public init(root: URL, diagnostics: DiagnosticCollector, overrides: [String: [URL]] = [:]) {
        self.root = root.standardizedFileURL
        self.diagnostics = diagnostics
        self.overrides = overrides
    }

    /// Every directory under the root that holds `.vdl` files, as package paths, sorted.
    public static func discoverPackages(under root: URL) -> [String] {
        let base = root.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var packages = Set<String>()
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".vdl") else { continue }
            let directory = (relative as NSString).deletingLastPathComponent
            if !directory.isEmpty { packages.insert(directory) }
        }
        return packages.sorted()
    }

    /// Loads the packages and their imports; dependencies come before their importers.
    public mutating func load(_ paths: [String]) -> [LoadedPackage] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            diagnostics.error("IDL root \(root.path) does not exist or is not a directory", at: nil)
            return []
        }
        for path in paths {
            load(Self.normalize(path), importedAt: nil)
        }
        return order.compactMap { loaded[$0] }
    }

    static func normalize(_ path: String) -> String {
        let components = path.split(separator: "/").map(String.init).filter { $0 != "." && !$0.isEmpty }
        return components.joined(separator: "/")
    }

    private mutating func load(_ path: String, importedAt site: SourceLocation?) {
        if loaded[path] != nil || failed.contains(path) { return }
        if let start = inProgress.firstIndex(of: path) {
            let cycle = (inProgress[start...] + [path]).map { "\"\($0)\"" }.joined(separator: " imports ")
            diagnostics.error("import cycle: \(cycle)", at: site)
            return
        }
        guard let package = read(path, importedAt: site) else {
            failed.insert(path)
            return
        }
        inProgress.append(path)
        for file in package.files {
            for spec in file.imports {
                load(Self.normalize(spec.path), importedAt: spec.location)
            }
        }
        inProgress.removeLast()
        loaded[path] = package
        order.append(path)
    }

    private func read(_ path: String, importedAt site: SourceLocation?) -> LoadedPackage? {
        let directory = root.appendingPathComponent(path, isDirectory: true)
        let what = site == nil ? "package \"\(path)\"" : "imported package \"\(path)\""
        guard !path.isEmpty, overrides[path] != nil || !path.split(separator: "/").contains("..") else {
            diagnostics.error("invalid package path \"\(path)\": name a directory under the IDL root", at: site)
            return nil
        }
        var urls: [URL]
        if let explicit = overrides[path] {
            urls = explicit
        } else {
            let entries: [String]
            do {
                entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            } catch {
                diagnostics.error("\(what) not found: no directory \(directory.path)", at: site)
                return nil
            }
            urls = entries.filter { $0.hasSuffix(".vdl") }.sorted().map { directory.appendingPathComponent($0) }
            guard !urls.isEmpty else {
                diagnostics.error("\(what) has no .vdl files in \(directory.path)", at: site)
                return nil
            }
        }
        urls.sort { $0.lastPathComponent < $1.lastPathComponent }
        var files: [FileSyntax] = []
        for url in urls {
            let displayPath = path + "/" + url.lastPathComponent
            guard let data = FileManager.default.contents(atPath: url.path) else {
                diagnostics.error("cannot read \(displayPath)", at: site)
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                diagnostics.error("\(displayPath) is not valid UTF-8", at: SourceLocation(file: displayPath, line: 1, column: 1, offset: 0))
                continue
            }
            let source = SourceFile(path: displayPath, text: text)
            diagnostics.register(source)
            var parser = Parser(source: source, diagnostics: diagnostics)
            if let file = parser.parseFile() { files.append(file) }
        }
        guard let first = files.first else { return nil }
        for file in files.dropFirst() where file.packageName.name != first.packageName.name {
            diagnostics.error(
                "package \(file.packageName.name) in \(file.path) does not match package \(first.packageName.name) in \(first.path): all files of a directory form one package",
                at: file.packageName.location, length: file.packageName.name.utf8.count)
        }
        return LoadedPackage(path: path, name: first.packageName.name, files: files)
    }
}

import Foundation
import Testing
@testable import VDLCompiler

/// Golden-file tests: the Swift and proto output for the repository's idl/ tree must match the
/// committed files under Golden/swift and Golden/proto.
///
/// To regenerate them after an intended change, run
///
///     VDL_UPDATE_GOLDEN=1 swift test --scratch-path .build-tests --filter GoldenTests
///
/// which rewrites Tests/VDLCompilerTests/Golden in the source tree (then rebuild to copy them
/// into the test bundle, and review the diff).
@Suite("Golden files")
struct GoldenTests {
    enum Emitter: String, CaseIterable, Sendable {
        case swift, proto
    }

    static var updating: Bool { ProcessInfo.processInfo.environment["VDL_UPDATE_GOLDEN"] == "1" }

    static func generate(_ emitter: Emitter) throws -> [GeneratedFile] {
        let compilation = Compilation(idlRoot: TestPaths.idlRoot, packages: [])
        #expect(!compilation.diagnostics.hasErrors, "idl/ does not compile:\n\(compilation.diagnostics.render())")
        let files: [GeneratedFile]
        switch emitter {
        case .swift: files = compilation.swiftFiles(onlyRequested: false)
        case .proto: files = compilation.protoFiles(onlyRequested: false)
        }
        #expect(!files.isEmpty, "the \(emitter) emitter produced nothing")
        return files
    }

    /// Relative paths of the regular files under `directory`, sorted.
    static func listFiles(under directory: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = directory.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
               !(relative as NSString).lastPathComponent.hasPrefix(".") {
                paths.append(relative)
            }
        }
        return paths.sorted()
    }

    /// Where the first difference between two texts is, or nil when they are equal.
    static func firstDifference(expected: String, actual: String) -> (line: Int, expected: String, actual: String)? {
        guard expected != actual else { return nil }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in 0..<max(e.count, a.count) {
            let left = index < e.count ? e[index] : "<end of file>"
            let right = index < a.count ? a[index] : "<end of file>"
            if left != right { return (index + 1, left, right) }
        }
        return (max(e.count, a.count), "<same lines>", "<same lines, other line endings>")
    }

    @Test("generated output matches the golden files", arguments: Emitter.allCases)
    func matchesGolden(_ emitter: Emitter) throws {
        let files = try Self.generate(emitter)
        if Self.updating {
            try Self.update(emitter, files)
            return
        }
        let goldenDirectory = TestPaths.resource("Golden").appendingPathComponent(emitter.rawValue, isDirectory: true)
        let golden = Self.listFiles(under: goldenDirectory)
        #expect(!golden.isEmpty, "no golden files in \(goldenDirectory.path); run with VDL_UPDATE_GOLDEN=1 to create them")
        let generatedPaths = files.map(\.path).sorted()
        #expect(generatedPaths == golden,
                "generated files differ from golden files: missing golden \(Set(generatedPaths).subtracting(golden).sorted()), stale golden \(Set(golden).subtracting(generatedPaths).sorted())")

        for file in files {
            let url = goldenDirectory.appendingPathComponent(file.path)
            guard let expected = try? String(contentsOf: url, encoding: .utf8) else { continue }
            if let difference = Self.firstDifference(expected: expected, actual: file.contents) {
                Issue.record("""
                    \(emitter.rawValue)/\(file.path):\(difference.line): output differs from the golden file
                      expected: \(difference.expected)
                      actual:   \(difference.actual)
                    (regenerate with VDL_UPDATE_GOLDEN=1 if the change is intended)
                    """)
            }
        }
    }

    /// Rewrites Golden/<emitter> in the source tree, removing files the emitter no longer produces.
    static func update(_ emitter: Emitter, _ files: [GeneratedFile]) throws {
        let directory = TestPaths.sourceTestsDirectory
            .appendingPathComponent("Golden", isDirectory: true)
            .appendingPathComponent(emitter.rawValue, isDirectory: true)
        let produced = Set(files.map(\.path))
        for stale in listFiles(under: directory) where !produced.contains(stale) {
            try FileManager.default.removeItem(at: directory.appendingPathComponent(stale))
        }
        for file in files {
            let url = directory.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url)
        }
        // Read back what was written, so a failed write cannot pass silently.
        for file in files {
            let written = try String(contentsOf: directory.appendingPathComponent(file.path), encoding: .utf8)
            #expect(written == file.contents)
        }
    }

    // MARK: Properties every generated file has

    @Test("every generated file starts with DO NOT EDIT", arguments: Emitter.allCases)
    func headers(_ emitter: Emitter) throws {
        for file in try Self.generate(emitter) {
            #expect(file.contents.hasPrefix("// DO NOT EDIT"), "\(file.path) lacks the header")
            #expect(file.contents.hasSuffix("\n"), "\(file.path) does not end with a newline")
            #expect(!file.contents.contains("\t"), "\(file.path) contains a tab")
            let trailing = file.contents.split(separator: "\n").enumerated().filter { $0.element.hasSuffix(" ") }
            #expect(trailing.isEmpty, "\(file.path) has trailing spaces on lines \(trailing.map { $0.offset + 1 })")
        }
    }

    @Test("output is deterministic", arguments: Emitter.allCases)
    func deterministic(_ emitter: Emitter) throws {
        #expect(try Self.generate(emitter) == Self.generate(emitter))
    }

    /// One file per package (more packages may be added to idl/ over time).
    @Test func expectedFileSet() throws {
        let swift = Set(try Self.generate(.swift).map(\.path))
        let proto = Set(try Self.generate(.proto).map(\.path))
        let packages = PackageLoader.discoverPackages(under: TestPaths.idlRoot)
        #expect(swift.isSuperset(of: ["examples_fortune.vdl.swift", "security_access.vdl.swift", "testing_features.vdl.swift"]))
        #expect(proto.isSuperset(of: ["examples/fortune/fortune.proto", "security/access/access.proto", "testing/features/features.proto", "vdl/vdl.proto"]))
        #expect(swift.count == packages.count, "\(swift) vs packages \(packages)")
        #expect(proto.count == packages.count + 1, "\(proto) vs packages \(packages)")
    }

    /// The generated names of idl/ pass the emitters' own name checks.
    @Test func repositoryNamesPassTheGeneratedNameChecks() {
        let compilation = Compilation(idlRoot: TestPaths.idlRoot, packages: [])
        compilation.checkGeneratedNames(onlyRequested: false, swift: true, proto: true)
        #expect(!compilation.diagnostics.hasErrors, "\(compilation.diagnostics.render())")
    }

    /// `onlyRequested` emits just the named packages (plus the built-in proto file).
    @Test func onlyRequestedPackages() throws {
        let compilation = Compilation(idlRoot: TestPaths.idlRoot, packages: ["examples/fortune"])
        #expect(compilation.swiftFiles(onlyRequested: true).map(\.path) == ["examples_fortune.vdl.swift"])
        #expect(compilation.swiftFiles(onlyRequested: false).map(\.path).sorted() == ["examples_fortune.vdl.swift", "security_access.vdl.swift"])
        #expect(compilation.protoFiles(onlyRequested: true).map(\.path).sorted() == ["examples/fortune/fortune.proto", "vdl/vdl.proto"])
    }

    @Test func firstDifferenceFindsTheLine() {
        #expect(Self.firstDifference(expected: "a\nb\nc", actual: "a\nb\nc") == nil)
        let difference = Self.firstDifference(expected: "a\nb\nc", actual: "a\nB\nc")
        #expect(difference?.line == 2 && difference?.expected == "b" && difference?.actual == "B")
        #expect(Self.firstDifference(expected: "a", actual: "a\nextra")?.expected == "<end of file>")
    }
}

import Foundation
import ProcessTestSupport
import Testing
@testable import VDLCompiler

/// The `vdlc` executable's contract: exit codes (0 success, 1 diagnostics or breaking changes,
/// 2 usage errors) and which stream carries what.
///
/// The binary is looked up, in order: `$VDLC_PATH`; next to the test bundle (SwiftPM puts the
/// executable products and the test bundle in the same build directory, e.g.
/// `.build-tests/debug/`); then `<package root>/.build-tests/debug/vdlc` and
/// `<package root>/.build/debug/vdlc`. When none exists the tests fail with that list.
enum VDLC {
    static let candidates: [URL] = {
        var directories: [URL] = []
        directories.append(Bundle.module.bundleURL.deletingLastPathComponent())
        directories.append(Bundle.main.bundleURL)
        if let executable = Bundle.main.executableURL { directories.append(executable.deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        var urls: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["VDLC_PATH"] { urls.append(URL(fileURLWithPath: explicit)) }
        urls += directories.map { $0.appendingPathComponent("vdlc") }
        urls.append(TestPaths.packageRoot.appendingPathComponent(".build-tests/debug/vdlc"))
        urls.append(TestPaths.packageRoot.appendingPathComponent(".build/debug/vdlc"))
        return urls
    }()

    static let executable: URL? = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }

    struct Result: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs vdlc; fails the test (with the places searched) when the binary is missing.
    /// The process runs on a Dispatch thread: waiting for it here would block a thread of the
    /// cooperative pool that the tests running in parallel need.
    static func run(_ arguments: [String], in directory: URL? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> Result {
        let binary = try #require(
            executable,
            "vdlc executable not found; build it (swift build --scratch-path .build-tests --build-tests) or set VDLC_PATH. Searched:\n\(candidates.map(\.path).joined(separator: "\n"))",
            sourceLocation: sourceLocation)
        return try await TestProcess.blocking {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vdlc-run-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            // Files rather than pipes: a full pipe buffer cannot block the child.
            let outURL = scratch.appendingPathComponent("stdout")
            let errURL = scratch.appendingPathComponent("stderr")
            FileManager.default.createFile(atPath: outURL.path, contents: nil)
            FileManager.default.createFile(atPath: errURL.path, contents: nil)
            let out = try FileHandle(forWritingTo: outURL)
            let err = try FileHandle(forWritingTo: errURL)
            let process = Process()
            process.executableURL = binary
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = directory }
            process.standardOutput = out
            process.standardError = err
            try process.run()
            process.waitUntilExit()
            try out.close()
            try err.close()
            return Result(
                status: process.terminationStatus,
                stdout: try String(contentsOf: outURL, encoding: .utf8),
                stderr: try String(contentsOf: errURL, encoding: .utf8))
        }
    }
}

@Suite("vdlc command line", .serialized)
struct CLITests {
    static let idl = TestPaths.idlRoot.path

    @Test func executableIsAvailable() {
        #expect(VDLC.executable != nil, "vdlc not found in:\n\(VDLC.candidates.map(\.path).joined(separator: "\n"))")
    }

    @Test func checkValidTreeExitsZero() async throws {
        let result = try await VDLC.run(["check", "--idl-root", Self.idl])
        #expect(result.status == 0, "stderr:\n\(result.stderr)")
        #expect(!result.stderr.contains("error:"), "stderr:\n\(result.stderr)")
    }

    @Test func checkInvalidTreeExitsOneWithLocatedErrors() async throws {
        let root = TestPaths.resource("Invalid").appendingPathComponent("three-errors")
        let result = try await VDLC.run(["check", "--idl-root", root.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("p/p.vdl:4:4: error: undefined: Nope"), "stderr:\n\(result.stderr)")
        let located = result.stderr.split(separator: "\n").filter { $0.range(of: #"^[^ :]+:\d+:\d+: error: "#, options: .regularExpression) != nil }
        #expect(located.count == 3, "expected three file:line:col: error: lines; stderr:\n\(result.stderr)")
        #expect(result.stderr.contains("3 errors"), "the summary line counts the errors; stderr:\n\(result.stderr)")
        #expect(!result.stdout.contains("error:"), "diagnostics go to stderr, not stdout")
    }

    @Test func checkMissingRootExitsOne() async throws {
        let result = try await VDLC.run(["check", "--idl-root", "/nonexistent/vdl-root-\(UUID().uuidString)"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: "), "stderr:\n\(result.stderr)")
    }

    @Test(arguments: [
        ["generate", "--idl-root", TestPaths.idlRoot.path, "--no-such-flag"],
        ["generate"],
        ["check"],
        ["frobnicate"],
        ["generate", "--idl-root", TestPaths.idlRoot.path, "--module-map", "nonsense"],
    ])
    func usageErrorsExitTwo(_ arguments: [String]) async throws {
        let result = try await VDLC.run(arguments)
        #expect(result.status == 2, "vdlc \(arguments.joined(separator: " ")) exited \(result.status); stderr:\n\(result.stderr)")
        #expect(!result.stderr.isEmpty, "a usage error explains itself on stderr")
    }

    @Test func helpExitsZero() async throws {
        let result = try await VDLC.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("generate") && result.stdout.contains("compat"))
    }

    @Test func generateWritesSwiftAndProto() async throws {
        let output = try TemporaryIDLRoot([:])
        let swiftOut = output.path("swift")
        let protoOut = output.path("proto")
        let result = try await VDLC.run(["generate", "--idl-root", Self.idl, "--swift-out", swiftOut.path, "--proto-out", protoOut.path])
        #expect(result.status == 0, "stderr:\n\(result.stderr)")
        let packageCount = PackageLoader.discoverPackages(under: TestPaths.idlRoot).count
        #expect(result.stdout.hasPrefix("vdlc: \(packageCount) packages, \(packageCount) Swift and \(packageCount + 1) proto files in "),
                "stdout: \(result.stdout)")

        // Same files and contents as the library produces.
        let compilation = Compilation(idlRoot: TestPaths.idlRoot, packages: [])
        for (directory, expected) in [(swiftOut, compilation.swiftFiles(onlyRequested: false)), (protoOut, compilation.protoFiles(onlyRequested: false))] {
            let written = GoldenTests.listFiles(under: directory)
            #expect(written == expected.map(\.path).sorted(), "files written to \(directory.lastPathComponent)")
            #expect(!written.isEmpty)
            for file in expected {
                let contents = try String(contentsOf: directory.appendingPathComponent(file.path), encoding: .utf8)
                #expect(contents.hasPrefix("// DO NOT EDIT"), "\(file.path) lacks the header")
                #expect(contents == file.contents, "\(file.path) differs from the library's output")
            }
        }
    }

    @Test func generateOnlyRequestedNeedsImportsMapped() async throws {
        let output = try TemporaryIDLRoot([:])
        let failing = try await VDLC.run(["generate", "--idl-root", Self.idl, "--only-requested", "--swift-out", output.path("a").path, "examples/fortune"])
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("--module-map security/access=ModuleName"), "stderr:\n\(failing.stderr)")

        let mapped = try await VDLC.run(["generate", "--idl-root", Self.idl, "--only-requested", "--module-map", "security/access=Access",
                                   "--swift-out", output.path("b").path, "examples/fortune"])
        #expect(mapped.status == 0, "stderr:\n\(mapped.stderr)")
        let contents = try String(contentsOf: output.path("b/examples_fortune.vdl.swift"), encoding: .utf8)
        #expect(contents.contains("\nimport Access\n"))
    }

    @Test func generateOnInvalidTreeWritesNothing() async throws {
        let output = try TemporaryIDLRoot([:])
        let root = TestPaths.resource("Invalid").appendingPathComponent("unknown-type")
        let result = try await VDLC.run(["generate", "--idl-root", root.path, "--swift-out", output.path("swift").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("p/p.vdl:4:4: error:"))
        #expect(!FileManager.default.fileExists(atPath: output.path("swift").path))
    }

    @Test func unchangedFilesAreNotRewritten() async throws {
        let output = try TemporaryIDLRoot([:])
        let arguments = ["generate", "--idl-root", Self.idl, "--swift-out", output.path("swift").path, "--proto-out", output.path("proto").path]
        #expect(try await VDLC.run(arguments).status == 0)
        let file = output.path("swift/examples_fortune.vdl.swift")
        let past = Date(timeIntervalSince1970: 1_000_000_000)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: file.path)
        #expect(try await VDLC.run(arguments).status == 0)
        let modified = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        #expect(modified == past, "an unchanged file was rewritten")
    }

    @Test func unwritableOutputExitsOne() async throws {
        let output = try TemporaryIDLRoot(["blocker": "a file where a directory is needed\n"])
        let result = try await VDLC.run(["generate", "--idl-root", Self.idl, "--swift-out", output.path("blocker/swift").path])
        #expect(result.status == 1, "stderr:\n\(result.stderr)")
        #expect(result.stderr.contains("cannot write generated files"), "stderr:\n\(result.stderr)")
    }

    @Test func warningsDoNotFail() async throws {
        let root = try TemporaryIDLRoot([
            "q/q.vdl": "package q\n\ntype T string\n",
            "p/p.vdl": "package p\n\nimport \"q\"\n\ntype A string\n",
        ])
        let result = try await VDLC.run(["check", "--idl-root", root.url.path])
        #expect(result.status == 0, "stderr:\n\(result.stderr)")
        #expect(result.stderr.contains("p/p.vdl:3:8: warning: \"q\" imported and not used"), "stderr:\n\(result.stderr)")
    }

    @Test func checkReportsGeneratedNameCollisions() async throws {
        let root = try TemporaryIDLRoot(["p/p.vdl": "package p\n\ntype String struct {}\n"])
        let result = try await VDLC.run(["check", "--idl-root", root.url.path])
        #expect(result.status == 1, "stderr:\n\(result.stderr)")
        #expect(result.stderr.contains("p/p.vdl:3:6: error: String would shadow the type String"), "stderr:\n\(result.stderr)")
    }

    // MARK: compat

    static let oldVersion = """
        package store

        type Entry struct {
        \tKey   string
        \tValue int64
        \tNote  string
        }

        type Store interface {
        \tGet(key string) (Entry | error)
        \tDelete(key string) error
        }
        """

    @Test func compatListsEachBreakingChangeAndExitsOne() async throws {
        let directory = try TemporaryIDLRoot([
            "old.vdl": Self.oldVersion,
            "new.vdl": """
                package store

                type Entry struct {
                \tKey   string
                \tValue string
                }

                type Store interface {
                \tGet(key string) (Entry | error)
                }
                """,
        ])
        let result = try await VDLC.run(["compat", "old.vdl", "new.vdl"], in: directory.url)
        #expect(result.status == 1, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
        let breaking = result.stderr.split(separator: "\n").filter { $0.hasPrefix("breaking: ") }
        #expect(breaking.count == 3, "stderr:\n\(result.stderr)")
        #expect(result.stderr.contains("field Value changed type from int64 to string"))
        #expect(result.stderr.contains("field Note (number 3) was removed without reserving its number"))
        #expect(result.stderr.contains("method Store.Delete was removed"))
        #expect(result.stderr.contains("3 wire-breaking changes"))
    }

    @Test func compatExitsZeroWhenCompatible() async throws {
        let directory = try TemporaryIDLRoot([
            "old.vdl": Self.oldVersion,
            "new.vdl": Self.oldVersion.replacingOccurrences(of: "\tNote  string\n", with: "\tNote  string\n\tAdded []string\n"),
        ])
        let result = try await VDLC.run(["compat", "old.vdl", "new.vdl"], in: directory.url)
        #expect(result.status == 0, "stderr:\n\(result.stderr)")
        #expect(result.stdout.contains("no wire-breaking changes"))
        #expect(!result.stderr.contains("breaking:"))
    }

    @Test func compatWithPackageDirectories() async throws {
        let directory = try TemporaryIDLRoot([
            "v1/store/store.vdl": Self.oldVersion,
            "v2/store/store.vdl": Self.oldVersion.replacingOccurrences(of: "\tDelete(key string) error\n", with: ""),
        ])
        let result = try await VDLC.run(["compat", "v1/store", "v2/store"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("method Store.Delete was removed"), "stderr:\n\(result.stderr)")
    }

    @Test func compatWithInvalidVersionExitsOne() async throws {
        let directory = try TemporaryIDLRoot([
            "old.vdl": Self.oldVersion,
            "new.vdl": "package store\n\ntype Entry struct {\n\tKey Nope\n}\n",
        ])
        let result = try await VDLC.run(["compat", "old.vdl", "new.vdl"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains(":4:6: error: undefined: Nope"), "stderr:\n\(result.stderr)")
    }

    @Test func compatWithMissingFileIsAUsageError() async throws {
        let directory = try TemporaryIDLRoot(["old.vdl": Self.oldVersion])
        let result = try await VDLC.run(["compat", "old.vdl", "missing.vdl"], in: directory.url)
        #expect(result.status == 2, "stderr:\n\(result.stderr)")
        #expect(result.stderr.contains("missing.vdl"))
    }
}

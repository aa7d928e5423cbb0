// Fuzzes the VDL compiler on one arbitrary .vdl file.
//
// Each input is the text of a file of package "fuzz" (bytes that are not UTF-8 are repaired the
// way String(decoding:as:) does). It goes through:
//
// 1. The Lexer alone: it must end with one end-of-file token, and every token must lie inside the
//    text, in order.
// 2. The Parser, and the rendering of its diagnostics (source line and caret).
// 3. The whole compiler as `vdlc generate` runs it: `Compilation` (PackageLoader, Checker,
//    IRLowering) with the file as package "fuzz" of an IDL root holding the repository's idl/
//    packages, so imports of "security/access", "examples/fortune", ... resolve. When it checks
//    clean: the name checks of both emitters, the Swift and proto3 emitters themselves, and the
//    compatibility checker comparing the package with itself, which must find no breaking change.
//
// Diagnostics are expected; a crash, a trap, a hang (libFuzzer's -timeout) or memory blow-up
// (-rss_limit_mb) is a bug.

import Foundation
import FuzzSupport
import VDLCompiler

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: inputBuffer(data, size), as: UTF8.self)
    let source = SourceFile(path: "fuzz/fuzz.vdl", text: text)

    // 1. Lexer.
    let lexed = DiagnosticCollector()
    var lexer = Lexer(source: source, diagnostics: lexed)
    let (tokens, _) = lexer.tokenize()
    checkTokens(tokens, count: source.text.count)

    // 2. Parser.
    let parsed = DiagnosticCollector()
    parsed.register(source)
    var parser = Parser(source: source, diagnostics: parsed)
    let file = parser.parseFile()
    _ = parsed.render()
    if file == nil, !parsed.hasErrors {
        fuzzFailure("the parser returned no file and reported no error")
    }

    // 3. The whole pipeline, from a file on disk as vdlc reads it.
    do {
        try Data(source.text).write(to: workspace.file)
    } catch {
        fuzzFailure("cannot write \(workspace.file.path): \(error)")
    }
    let compilation = Compilation(idlRoot: workspace.idlRoot, packages: ["fuzz"], overrides: ["fuzz": [workspace.file]])
    _ = compilation.diagnostics.render()
    guard let module = compilation.module else { return 0 }
    compilation.checkGeneratedNames(onlyRequested: false, swift: true, proto: true)
    compilation.checkImportsProvided(onlyRequested: true, moduleMap: [:])
    _ = compilation.diagnostics.render()
    _ = compilation.swiftFiles(onlyRequested: false)
    _ = compilation.protoFiles(onlyRequested: false)
    let changes = CompatibilityChecker(old: module, new: module).breakingChanges(oldPackage: "fuzz", newPackage: "fuzz")
    if !changes.isEmpty {
        fuzzFailure("a package is not compatible with itself: \(changes.map(\.message))")
    }
    return 0
}

@_cdecl("FuzzParser_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    writeSeedsIfRequested { try ParserSeeds.all(idlRoot: workspace.idlRoot) }
    _ = workspace
    return 0
}

func checkTokens(_ tokens: [Token], count: Int) {
    guard let last = tokens.last, last.kind == .endOfFile else {
        fuzzFailure("the lexer's tokens do not end with end-of-file")
    }
    var previousEnd = 0
    for (i, token) in tokens.enumerated() {
        if token.kind == .endOfFile, i != tokens.count - 1 {
            fuzzFailure("end-of-file token at \(i) of \(tokens.count)")
        }
        guard token.offset >= 0, token.length >= 0, token.offset + token.length <= count else {
            fuzzFailure("token \(i) (\(token.kind), offset \(token.offset), length \(token.length)) is outside the \(count) bytes of the file")
        }
        guard token.offset >= previousEnd || token.length == 0 else {
            fuzzFailure("token \(i) (\(token.kind) at \(token.offset)) overlaps the previous one, which ends at \(previousEnd)")
        }
        previousEnd = max(previousEnd, token.offset + token.length)
    }
}

// MARK: The IDL root and the file

/// Where the fuzzed file is written, and the IDL root its imports resolve against.
struct Workspace {
    let idlRoot: URL
    let file: URL
}

/// The repository's idl/ (VDL_FUZZ_IDL_ROOT, else found from this source file's path); the file is
/// written to a private temporary directory, removed at exit.
let workspace: Workspace = {
    let environment = ProcessInfo.processInfo.environment
    let root: URL
    if let given = environment["VDL_FUZZ_IDL_ROOT"], !given.isEmpty {
        root = URL(fileURLWithPath: given, isDirectory: true)
    } else {
        // Fuzz/Sources/FuzzParser/FuzzParser.swift -> the repository root.
        root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("idl", isDirectory: true)
    }
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let directory = URL(fileURLWithPath: base, isDirectory: true).appendingPathComponent("vdl-fuzz-parser-\(getpid())", isDirectory: true)
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
        fuzzFailure("cannot create \(directory.path): \(error)")
    }
    workspaceDirectory = strdup(directory.path)
    atexit {
        if let path = workspaceDirectory {
            try? FileManager.default.removeItem(atPath: String(cString: path))
        }
    }
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) || !isDirectory.boolValue {
        FileHandle.standardError.write(Data("FuzzParser: no IDL root at \(root.path) (set VDL_FUZZ_IDL_ROOT): imports will not resolve\n".utf8))
        let empty = directory.appendingPathComponent("idl", isDirectory: true)
        try? FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        return Workspace(idlRoot: empty, file: directory.appendingPathComponent("fuzz.vdl"))
    }
    return Workspace(idlRoot: root, file: directory.appendingPathComponent("fuzz.vdl"))
}()

/// The temporary directory's path for the atexit handler (a C function cannot capture).
nonisolated(unsafe) var workspaceDirectory: UnsafeMutablePointer<CChar>?

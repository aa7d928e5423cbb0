// VDLBenchmarks: how fast vdlc generates code, next to protoc on the same schema.
//
//   VDLBenchmarks --vdlc PATH --idl DIR [--runs N] [--warmup N] [--lines N] [--seed N]
//                 [--work DIR] [--keep]
//
// Targets (from the project's issue): all of idl/ well under 100 ms; a generated 10,000-line
// VDL package in under 1 s. Run through Benchmarks/run.sh, which builds everything in release.
import Foundation
import VDLCompiler

// MARK: Options

struct Options {
    var vdlc: String?
    var idl = "idl"
    var runs = 15
    var warmup = 2
    var lines = 10_000
    var seed: UInt64 = 20_260_101
    var work: String?
    var keep = false

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var i = 0
        func value() -> String {
            i += 1
            guard i < arguments.count else { fail("missing value after \(arguments[i - 1])") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--vdlc": options.vdlc = value()
            case "--idl": options.idl = value()
            case "--runs": options.runs = Int(value()) ?? options.runs
            case "--warmup": options.warmup = Int(value()) ?? options.warmup
            case "--lines": options.lines = Int(value()) ?? options.lines
            case "--seed": options.seed = UInt64(value()) ?? options.seed
            case "--work": options.work = value()
            case "--keep": options.keep = true
            case "-h", "--help":
                print("usage: VDLBenchmarks --vdlc PATH --idl DIR [--runs N] [--warmup N] [--lines N] [--seed N] [--work DIR] [--keep]")
                exit(0)
            default: fail("unknown argument \(arguments[i])")
            }
            i += 1
        }
        if options.runs < 1 { fail("--runs must be at least 1") }
        return options
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("VDLBenchmarks: \(message)\n".utf8))
    exit(1)
}

func which(_ tool: String) -> String? {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(directory)/\(tool)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

func lineCount(_ text: String) -> Int { text.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }

/// Every file under `directory` whose name ends with `suffix`, relative to it, sorted.
func files(under directory: URL, endingWith suffix: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [] }
    var found: [String] = []
    while let relative = enumerator.nextObject() as? String {
        if relative.hasSuffix(suffix) { found.append(relative) }
    }
    return found.sorted()
}

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
let fileManager = FileManager.default
let idlRoot = URL(fileURLWithPath: options.idl).standardizedFileURL

// MARK: Inputs

let work = URL(fileURLWithPath: options.work ?? NSTemporaryDirectory() + "vdl-bench-\(getpid())").standardizedFileURL
// Never delete a directory this benchmark did not make: --work must be new, empty, or an
// earlier work directory (which holds the marker file).
let marker = work.appendingPathComponent(".vdl-bench-work")
if let entries = try? fileManager.contentsOfDirectory(atPath: work.path), !entries.isEmpty,
   !fileManager.fileExists(atPath: marker.path) {
    fail("\(work.path) is not empty and is not a benchmark work directory; give a new directory to --work")
}
try? fileManager.removeItem(at: work)
try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
_ = fileManager.createFile(atPath: marker.path, contents: Data())

// The generated package imports security/access, copied from idl/.
let largeRoot = work.appendingPathComponent("idl-large")
let largePackage = "bench/large"
do {
    let access = largeRoot.appendingPathComponent("security/access")
    try fileManager.createDirectory(at: access, withIntermediateDirectories: true)
    for name in try fileManager.contentsOfDirectory(atPath: idlRoot.appendingPathComponent("security/access").path) where name.hasSuffix(".vdl") {
        try fileManager.copyItem(at: idlRoot.appendingPathComponent("security/access/\(name)"), to: access.appendingPathComponent(name))
    }
}
var generator = SchemaGenerator(packagePath: largePackage, targetLines: options.lines, seed: options.seed)
let schema = generator.generate()
do {
    let directory = largeRoot.appendingPathComponent(largePackage)
    try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
    for file in schema.files {
        try file.contents.write(to: directory.appendingPathComponent(file.name), atomically: false, encoding: .utf8)
    }
}

struct Corpus {
    var label: String
    var root: URL
    var vdlFiles: [String]
    var vdlLines: Int
    var packages: [String]
    var protoFiles: [String] = []  // as vdlc writes them, relative to the proto output
    var swiftLines = 0
    var protoLines = 0
}

@MainActor func corpus(_ label: String, _ root: URL) -> Corpus {
    let vdl = files(under: root, endingWith: ".vdl")
    let lines = vdl.reduce(0) { total, path in
        total + lineCount((try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? "")
    }
    return Corpus(label: label, root: root, vdlFiles: vdl, vdlLines: lines, packages: PackageLoader.discoverPackages(under: root))
}

var idlCorpus = corpus("idl/", idlRoot)
var largeCorpus = corpus("10k package", largeRoot)

// MARK: In-process pipeline

/// What `vdlc generate --swift-out --proto-out` does, without writing: load, parse, check,
/// lower, the checks of generated names, Swift and proto emission.
@MainActor func generateInProcess(_ root: URL) -> (swift: [GeneratedFile], proto: [GeneratedFile], diagnostics: DiagnosticCollector) {
    let compilation = Compilation(idlRoot: root, packages: [])
    compilation.checkImportsProvided(onlyRequested: false, moduleMap: [:])
    compilation.checkGeneratedNames(onlyRequested: false, swift: true, proto: true)
    if compilation.diagnostics.hasErrors { return ([], [], compilation.diagnostics) }
    let swift = compilation.swiftFiles(onlyRequested: false)
    let proto = compilation.protoFiles(onlyRequested: false)
    return (swift, proto, compilation.diagnostics)
}

// Check both inputs once, and record what they generate.
for index in 0..<2 {
    var c = index == 0 ? idlCorpus : largeCorpus
    let result = generateInProcess(c.root)
    if result.diagnostics.hasErrors {
        FileHandle.standardError.write(Data(result.diagnostics.render().utf8))
        fail("\(c.label) (\(c.root.path)) does not compile; nothing measured")
    }
    c.swiftLines = result.swift.reduce(0) { $0 + lineCount($1.contents) }
    c.protoLines = result.proto.reduce(0) { $0 + lineCount($1.contents) }
    c.protoFiles = result.proto.map(\.path).sorted()
    if index == 0 { idlCorpus = c } else { largeCorpus = c }
}

print("# vdlc code generation benchmark\n")
print("Inputs:\n")
print(markdownTable(
    ["input", "packages", ".vdl files", ".vdl lines", "generated Swift lines", "generated .proto lines"],
    [idlCorpus, largeCorpus].map { c in
        [c.label, "\(c.packages.count)", "\(c.vdlFiles.count)", "\(c.vdlLines)", "\(c.swiftLines)", "\(c.protoLines)"]
    },
    rightAligned: [1, 2, 3, 4, 5]))
let countsText = schema.counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
print("The 10k package (seed \(options.seed)): \(schema.lines) lines in \(schema.files.count) files of package \(largePackage), plus security/access (\(largeCorpus.vdlLines - schema.lines) lines); \(schema.groups) entity groups: \(countsText).\n")
print("Each figure: \(options.warmup) warm-up runs, then \(options.runs) measured runs, the cases interleaved round-robin.\n")

var rows: [(String, Summary)] = []
var outputSizes: [String: (files: Int, bytes: Int)] = [:]
var rowKeys: [String] = []
var summaries: [String: Summary] = [:]

@MainActor func record(_ key: String, _ label: String, _ samples: [Sample]) {
    let summary = Summary(samples)
    rows.append((label, summary))
    rowKeys.append(key)
    summaries[key] = summary
}

/// Runs each case once per round, `warmup + runs` rounds, and keeps the last `runs` samples.
@MainActor func roundRobin(_ cases: [(key: String, run: () throws -> Sample)]) throws -> [String: [Sample]] {
    var samples: [String: [Sample]] = [:]
    for round in 0..<(options.warmup + options.runs) {
        for c in cases {
            let sample = try c.run()
            if round >= options.warmup { samples[c.key, default: []].append(sample) }
        }
    }
    return samples
}

// MARK: a. In process

do {
    let corpora = [("inproc-idl", idlCorpus), ("inproc-large", largeCorpus)]
    let samples = try roundRobin(corpora.map { key, c in
        (key, { timeInProcess { _ = generateInProcess(c.root) } })
    })
    record("inproc-idl", "in-process: Compilation + Swift + proto emit, idl/ (no writes)", samples["inproc-idl"]!)
    record("inproc-large", "in-process: Compilation + Swift + proto emit, 10k package (no writes)", samples["inproc-large"]!)
}

// MARK: Stage breakdown (in process, public API of VDLCompiler)

struct Stage {
    var name: String
    var samples: [Sample] = []
}

@MainActor func stageBreakdown(_ c: Corpus) -> [Stage] {
    var stages = ["read + lex (alone)", "load: read + lex + parse", "check", "lower to IR", "Swift name check (SwiftNameCheck.check)", "proto name check (ProtoEmitter.checkNames)",
                  "emit Swift", "emit proto", "write files (fresh directory)"].map { Stage(name: $0) }
    let outputs = work.appendingPathComponent("stage-out")
    for round in 0..<(options.warmup + options.runs) {
        var times: [Sample] = []
        // Lexing alone, on the same files the loader reads.
        times.append(timeInProcess {
            let diagnostics = DiagnosticCollector()
            for path in c.vdlFiles {
                let text = (try? String(contentsOf: c.root.appendingPathComponent(path), encoding: .utf8)) ?? ""
                var lexer = Lexer(source: SourceFile(path: path, text: text), diagnostics: diagnostics)
                _ = lexer.tokenize()
            }
        })
        let diagnostics = DiagnosticCollector()
        var loaded: [LoadedPackage] = []
        times.append(timeInProcess {
            var loader = PackageLoader(root: c.root, diagnostics: diagnostics)
            loaded = loader.load(c.packages)
        })
        var checked: CheckedModule?
        times.append(timeInProcess { checked = Checker(packages: loaded, diagnostics: diagnostics).check() })
        var module: IRModule?
        times.append(timeInProcess { module = IRLowering.lower(checked!, requested: Set(c.packages)) })
        let ir = module!
        times.append(timeInProcess { SwiftNameCheck.check(ir.packages, module: ir, diagnostics: diagnostics) })
        times.append(timeInProcess {
            let proto = ProtoEmitter(module: ir)
            for package in ir.packages { proto.checkNames(package, diagnostics: diagnostics) }
        })
        var swiftFiles: [GeneratedFile] = []
        times.append(timeInProcess {
            let emitter = SwiftEmitter(module: ir)
            swiftFiles = ir.packages.map(emitter.emit)
        })
        var protoFiles: [GeneratedFile] = []
        times.append(timeInProcess {
            let emitter = ProtoEmitter(module: ir)
            protoFiles = [ProtoEmitter.builtin()] + ir.packages.map(emitter.emit)
        })
        try? fileManager.removeItem(at: outputs)
        times.append(timeInProcess {
            _ = try? GeneratedFileWriter.write(swiftFiles, to: outputs.appendingPathComponent("swift"))
            _ = try? GeneratedFileWriter.write(protoFiles, to: outputs.appendingPathComponent("proto"))
        })
        if diagnostics.hasErrors { fail("stage breakdown of \(c.label): unexpected errors\n" + diagnostics.render()) }
        if round >= options.warmup {
            for (i, t) in times.enumerated() { stages[i].samples.append(t) }
        }
    }
    try? fileManager.removeItem(at: outputs)
    return stages
}

let idlStages = stageBreakdown(idlCorpus)
let largeStages = stageBreakdown(largeCorpus)

// MARK: b, c. Subprocesses: vdlc and the protoc peers

struct Command {
    var key: String
    var label: String
    var arguments: [String]
    /// Emptied before each run (outside the timing).
    var freshDirectories: [URL]
}

var commands: [Command] = []
let out = work.appendingPathComponent("out")
let vdlcPath = options.vdlc ?? which("vdlc")
if let vdlc = vdlcPath {
    for (key, c) in [("idl", idlCorpus), ("large", largeCorpus)] {
        let dir = out.appendingPathComponent("vdlc-\(key)")
        commands.append(Command(
            key: "vdlc-\(key)",
            label: "vdlc generate --swift-out --proto-out, \(c.label)",
            arguments: [vdlc, "generate", "--idl-root", c.root.path,
                        "--swift-out", dir.appendingPathComponent("swift").path,
                        "--proto-out", dir.appendingPathComponent("proto").path],
            freshDirectories: [dir]))
    }
    let same = out.appendingPathComponent("vdlc-large-unchanged")
    commands.append(Command(
        key: "vdlc-large-unchanged",
        label: "vdlc generate, 10k package, outputs already up to date",
        arguments: [vdlc, "generate", "--idl-root", largeRoot.path,
                    "--swift-out", same.appendingPathComponent("swift").path,
                    "--proto-out", same.appendingPathComponent("proto").path],
        freshDirectories: []))
    commands.append(Command(
        key: "vdlc-startup",
        label: "vdlc --help (process start-up, for reference)",
        arguments: [vdlc, "--help"],
        freshDirectories: []))
    commands.append(Command(
        key: "vdlc-check-large",
        label: "vdlc check (parse + check only), 10k package",
        arguments: [vdlc, "check", "--idl-root", largeRoot.path],
        freshDirectories: []))
} else {
    print("(vdlc not given with --vdlc and not on PATH: subprocess rows skipped)\n")
}

// The peers read the .proto files vdlc generated for the same schema.
let protoInput = work.appendingPathComponent("proto-in")
for (key, c) in [("idl", idlCorpus), ("large", largeCorpus)] {
    let result = generateInProcess(c.root)
    try GeneratedFileWriter.write(result.proto, to: protoInput.appendingPathComponent(key))
}
let protoc = which("protoc")
let protocC = which("protoc-c")
for (key, c) in [("idl", idlCorpus), ("large", largeCorpus)] {
    let include = protoInput.appendingPathComponent(key).path
    if let protoc {
        let dir = out.appendingPathComponent("protoc-cpp-\(key)")
        commands.append(Command(
            key: "protoc-cpp-\(key)",
            label: "peer: protoc --cpp_out, \(c.label) (vdlc's .proto files)",
            arguments: [protoc, "-I", include, "--cpp_out=\(dir.path)"] + c.protoFiles,
            freshDirectories: [dir]))
    }
    if key == "large", let protocC {
        let dir = out.appendingPathComponent("protoc-c-\(key)")
        commands.append(Command(
            key: "protoc-c-\(key)",
            label: "peer: protoc-c --c_out, \(c.label) (vdlc's .proto files)",
            arguments: [protocC, "-I", include, "--c_out=\(dir.path)"] + c.protoFiles,
            freshDirectories: [dir]))
    }
    if key == "large", let protoc {
        commands.append(Command(
            key: "protoc-parse-\(key)",
            label: "peer: protoc --descriptor_set_out (parse + check only), \(c.label)",
            arguments: [protoc, "-I", include, "--descriptor_set_out=\(out.path)/descriptors.pb"] + c.protoFiles,
            freshDirectories: []))
    }
}
if protoc == nil || protocC == nil {
    print("(protoc or protoc-c not on PATH: peer rows skipped; install Debian's protobuf-compiler and protobuf-c-compiler)\n")
}

if !commands.isEmpty {
    try fileManager.createDirectory(at: out, withIntermediateDirectories: true)
    let stdoutPath = work.appendingPathComponent("stdout.txt").path
    let stderrPath = work.appendingPathComponent("stderr.txt").path
    let reported = try NSRegularExpression(pattern: "in ([0-9.]+) ms")
    let samples = try roundRobin(commands.map { command in
        (command.key, {
            for directory in command.freshDirectories {
                try? fileManager.removeItem(at: directory)
                try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            var (status, sample) = try spawnAndWait(command.arguments, stdoutPath: stdoutPath, stderrPath: stderrPath)
            let printed = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
            if status != 0 {
                let errors = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
                fail("\(command.arguments.joined(separator: " ")) exited with \(status)\n\(printed)\(errors)")
            }
            if let match = reported.firstMatch(in: printed, range: NSRange(printed.startIndex..., in: printed)),
               let range = Range(match.range(at: 1), in: printed), let ms = Double(printed[range]) {
                sample.selfReported = ms / 1000
            }
            return sample
        })
    })
    // Peak RSS: wait4 reports at least the RSS of the process that spawned the child (Linux
    // keeps the high-water mark across exec, and posix_spawn shares this process's memory
    // until exec), so one more run of each command goes through GNU time, whose child is
    // forked from a small process.
    var peakRSS: [String: Int] = [:]
    // What each command wrote, from the same extra run.
    func directorySize(_ directory: URL) -> (files: Int, bytes: Int) {
        var result = (files: 0, bytes: 0)
        for path in files(under: directory, endingWith: "") {
            let url = directory.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            result.files += 1
            result.bytes += ((try? fileManager.attributesOfItem(atPath: url.path)[.size]) as? NSNumber)?.intValue ?? 0
        }
        return result
    }
    if let time = which("time") ?? (fileManager.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil) {
        let rssPath = work.appendingPathComponent("rss.txt").path
        for command in commands {
            for directory in command.freshDirectories {
                try? fileManager.removeItem(at: directory)
                try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            let (status, _) = try spawnAndWait([time, "-f", "%M", "-o", rssPath] + command.arguments, stdoutPath: stdoutPath, stderrPath: stderrPath)
            if !command.freshDirectories.isEmpty { outputSizes[command.key] = command.freshDirectories.reduce((0, 0)) { total, directory in
                let size = directorySize(directory)
                return (total.0 + size.files, total.1 + size.bytes)
            } }
            if status == 0, let text = try? String(contentsOfFile: rssPath, encoding: .utf8),
               let kib = Int(text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last ?? "") {
                peakRSS[command.key] = kib
            }
        }
    } else {
        print("(GNU time not found: peak RSS not measured; install Debian's time package)\n")
    }
    for command in commands {
        var measured = samples[command.key]!
        for i in measured.indices { measured[i].maxRSSKiB = peakRSS[command.key] ?? 0 }
        record(command.key, command.label, measured)
    }
}

// MARK: Report

print("## Results\n")
print(markdownTable(
    ["case", "median", "min", "CPU (median)", "peak RSS", "vdlc's own figure (median)", "output written"],
    zip(rowKeys, rows).map { key, row in
        let (label, s) = row
        let output = outputSizes[key].map { String(format: "%.1f MB in %d files", Double($0.bytes) / 1e6, $0.files) } ?? "-"
        return [label, formatTime(s.wallMedian), formatTime(s.wallMin), formatTime(s.cpuMedian),
                s.maxRSSKiB > 0 ? String(format: "%.1f MiB", Double(s.maxRSSKiB) / 1024) : "-",
                s.selfReportedMedian.map(formatTime) ?? "-", output]
    },
    rightAligned: [1, 2, 3, 4, 5, 6]))
print("median/min: wall-clock time; CPU: user + system time of the process (less sensitive to other load on the machine); peak RSS: maximum resident set of the subprocess, from one more run under GNU time; vdlc's own figure: the time vdlc generate prints, from its start of work to the end of writing (no process start-up); output written: by that extra run, into empty directories.\n")

@MainActor func ratioRow(_ label: String, _ a: String, _ b: String) -> [String]? {
    guard let x = summaries[a], let y = summaries[b], y.wallMedian > 0, y.cpuMedian > 0 else { return nil }
    return [label, formatTime(x.wallMedian), formatTime(y.wallMedian),
            String(format: "%.2fx", x.wallMedian / y.wallMedian), String(format: "%.2fx", x.cpuMedian / y.cpuMedian)]
}

var ratios: [[String]] = []
ratios.append(contentsOf: [
    ratioRow("vdlc generate / protoc --cpp_out, 10k package", "vdlc-large", "protoc-cpp-large"),
    ratioRow("vdlc generate / protoc-c --c_out, 10k package", "vdlc-large", "protoc-c-large"),
    ratioRow("vdlc check / protoc --descriptor_set_out, 10k package", "vdlc-check-large", "protoc-parse-large"),
    ratioRow("vdlc generate / protoc --cpp_out, idl/", "vdlc-idl", "protoc-cpp-idl"),
].compactMap { $0 })
if !ratios.isEmpty {
    print("## Ratios (vdlc over the peer; above 1 means vdlc is slower)\n")
    print(markdownTable(["comparison", "vdlc (median)", "peer (median)", "wall ratio", "CPU ratio"], ratios, rightAligned: [1, 2, 3, 4]))
}

print("## Against the targets\n")
var targets: [[String]] = []
@MainActor func target(_ label: String, _ key: String, _ limit: Double) {
    guard let s = summaries[key] else { return }
    targets.append([label, formatTime(limit), formatTime(s.wallMedian), s.wallMedian < limit ? "met" : "MISSED",
                    String(format: "%.0f%%", 100 * s.wallMedian / limit)])
}
target("all of idl/, in process", "inproc-idl", 0.100)
target("all of idl/, vdlc generate (process)", "vdlc-idl", 0.100)
target("10k-line package, in process", "inproc-large", 1.0)
target("10k-line package, vdlc generate (process)", "vdlc-large", 1.0)
print(markdownTable(["target", "limit", "median", "result", "share of the limit"], targets, rightAligned: [1, 2, 4]))

@MainActor func printStages(_ title: String, _ stages: [Stage]) {
    let total = stages.dropFirst().reduce(0) { $0 + Summary($1.samples).wallMedian }
    print("## Stage breakdown, \(title) (in process, medians)\n")
    print(markdownTable(
        ["stage", "median", "min", "share of the pipeline"],
        stages.enumerated().map { i, stage in
            let s = Summary(stage.samples)
            return [stage.name, formatTime(s.wallMedian), formatTime(s.wallMin),
                    i == 0 ? "(part of load)" : String(format: "%.0f%%", 100 * s.wallMedian / total)]
        } + [["sum of the stages after the first", formatTime(total), "", "100%"]],
        rightAligned: [1, 2, 3]))
}
printStages("10k package", largeStages)
printStages("idl/", idlStages)

if options.keep {
    print("Inputs and outputs kept in \(work.path)")
} else {
    try? fileManager.removeItem(at: work)
}

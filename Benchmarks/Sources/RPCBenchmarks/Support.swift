import Foundation
import Histogram
import Synchronization

// MARK: Time

/// Monotonic time in nanoseconds (clock_gettime through the vDSO: a few tens of ns).
@inline(__always)
func nowNanos() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// CPU time (user + system) of this process, in seconds.
func processCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// A latency histogram in nanoseconds, 1 ns to 60 s, 3 significant digits.
func makeLatencyHistogram() -> Histogram<UInt64> {
    Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
}

/// Keeps a value alive and opaque to the optimizer, so that benchmark loops are not removed.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// A counter that tasks take tickets from.
final class Tickets: Sendable {
    private let next = Atomic<Int>(0)
    /// The next ticket (0, 1, 2, …).
    func take() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
}

// MARK: Statistics and formatting

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// 3 significant digits, grouped: 12.3, 123, 12,345.
func formatNumber(_ value: Double) -> String {
    guard value.isFinite else { return "-" }
    if value >= 1000 { return Int(value.rounded()).formatted(.number.grouping(.automatic)) }
    if value >= 100 { return String(format: "%.0f", value) }
    if value >= 10 { return String(format: "%.1f", value) }
    return String(format: "%.2f", value)
}

/// A duration given in nanoseconds, in the unit that suits it.
func formatNanos(_ nanos: Double) -> String {
    guard nanos.isFinite else { return "-" }
    if nanos >= 1e9 { return String(format: "%.2f s", nanos / 1e9) }
    if nanos >= 1e6 { return String(format: nanos >= 1e8 ? "%.0f ms" : nanos >= 1e7 ? "%.1f ms" : "%.2f ms", nanos / 1e6) }
    if nanos >= 1e3 { return String(format: nanos >= 1e5 ? "%.0f µs" : nanos >= 1e4 ? "%.1f µs" : "%.2f µs", nanos / 1e3) }
    return String(format: "%.0f ns", nanos)
}

func formatRatio(_ value: Double) -> String {
    guard value.isFinite else { return "-" }
    return String(format: value >= 10 ? "%.1fx" : "%.2fx", value)
}

func formatBytes(_ bytes: Int) -> String {
    if bytes >= 1024, bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
    return "\(bytes) B"
}

func markdownTable(_ header: [String], _ rows: [[String]], leftAligned: Int = 1) -> String {
    var widths = header.map(\.count)
    for row in rows {
        for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
    }
    func pad(_ cell: String, _ i: Int) -> String {
        let fill = String(repeating: " ", count: max(0, widths[i] - cell.count))
        return i < leftAligned ? cell + fill : fill + cell
    }
    var lines = ["| " + header.enumerated().map { pad($1, $0) }.joined(separator: " | ") + " |"]
    lines.append("| " + widths.enumerated().map { i, width in
        i < leftAligned ? String(repeating: "-", count: width) : String(repeating: "-", count: width - 1) + ":"
    }.joined(separator: " | ") + " |")
    for row in rows {
        lines.append("| " + row.enumerated().map { pad($1, $0) }.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n")
}

// MARK: Output

/// Prints and flushes at once: the report is read through a pipe (tee).
func say(_ text: String = "") {
    print(text)
    fflush(nil)
}

func progress(_ text: String) {
    FileHandle.standardError.write(Data("  .. \(text)\n".utf8))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("RPCBenchmarks: \(message)\n".utf8))
    exit(1)
}

// MARK: Processes

/// Fields of /proc/PID/status in KiB: VmRSS, RssAnon, VmHWM.
struct ProcessMemory {
    var rssKiB: Int
    var anonKiB: Int
    var threads: Int

    static func read(pid: Int32) -> ProcessMemory? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        var memory = ProcessMemory(rssKiB: 0, anonKiB: 0, threads: 0)
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" })
            guard parts.count >= 2, let value = Int(parts[1]) else { continue }
            switch parts[0] {
            case "VmRSS": memory.rssKiB = value
            case "RssAnon": memory.anonKiB = value
            case "Threads": memory.threads = value
            default: break
            }
        }
        return memory
    }
}

/// A benchmark server in a child process: `RPCBenchmarks serve KIND`. It prints its port, and
/// exits when its standard input closes (so it never outlives this process) or after its
/// lifetime bound.
final class ServerProcess: @unchecked Sendable {
    let kind: ServerKind
    let process: Process
    let port: Int
    private let stdin: Pipe

    init(kind: ServerKind, lifetimeSeconds: Int) throws {
        self.kind = kind
        let process = Process()
        var executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if !FileManager.default.isExecutableFile(atPath: executable.path), let own = Bundle.main.executableURL {
            executable = own
        }
        var arguments = [executable.path, "serve", kind.rawValue, "--lifetime", String(lifetimeSeconds)]
        // The TLS servers load their keys and certificates from the run's material.
        if kind.usesTLS { arguments += ["--credentials", try TLSMaterial.shared().directory] }
        // For profiling: RPCBENCH_SERVER_WRAPPER="valgrind --tool=callgrind" runs the servers under it.
        if let wrapper = ProcessInfo.processInfo.environment["RPCBENCH_SERVER_WRAPPER"], !wrapper.isEmpty {
            arguments = wrapper.split(separator: " ").map(String.init) + arguments
        }
        if arguments[0].hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
        }
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        self.process = process
        self.stdin = stdin
        // The first line is "LISTENING <port>".
        var line = Data()
        let handle = stdout.fileHandleForReading
        let start = nowNanos()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { throw BenchError("the \(kind.rawValue) server exited before it listened") }
            line.append(chunk)
            if nowNanos() - start > 120_000_000_000 { throw BenchError("the \(kind.rawValue) server did not listen within 120 s") }
        }
        let text = String(decoding: line, as: UTF8.self).split(separator: "\n")[0]
        guard text.hasPrefix("LISTENING "), let port = Int(text.dropFirst("LISTENING ".count)) else {
            throw BenchError("the \(kind.rawValue) server said \"\(text)\"")
        }
        self.port = port
    }

    var pid: Int32 { process.processIdentifier }

    func memory() -> ProcessMemory? { ProcessMemory.read(pid: pid) }

    /// CPU seconds (user + system) the server has used, from /proc/PID/stat.
    func cpuSeconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command: state(0) ppid(1) … utime(11) stime(12), in clock ticks.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// CPU seconds the server's live threads have run, from /proc/PID/task/*/schedstat (ns, not
    /// clock ticks: precise enough for short cases). Threads that have exited are not counted.
    func cpuSecondsPrecise() -> Double? {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return cpuSeconds() }
        var nanos: UInt64 = 0
        for task in tasks {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8),
                  let first = text.split(separator: " ").first, let value = UInt64(first) else { continue }
            nanos += value
        }
        return Double(nanos) / 1e9
    }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        let deadline = nowNanos() + 60_000_000_000
        while process.isRunning, nowNanos() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One timed run: wall time, CPU time (user + system) and, for subprocesses, peak RSS.
struct Sample {
    var wall: Double  // seconds
    var cpu: Double  // seconds
    var maxRSSKiB: Int = 0
    /// What vdlc printed as its own time ("in 12.3 ms"), when it is the subprocess.
    var selfReported: Double?
}

enum Clock {
    static func now(_ clock: clockid_t = CLOCK_MONOTONIC) -> Double {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func processCPU() -> Double { now(CLOCK_PROCESS_CPUTIME_ID) }
}

/// Times `body` in this process.
func timeInProcess(_ body: () throws -> Void) rethrows -> Sample {
    let cpu0 = Clock.processCPU()
    let t0 = Clock.now()
    try body()
    let t1 = Clock.now()
    let cpu1 = Clock.processCPU()
    return Sample(wall: t1 - t0, cpu: cpu1 - cpu0)
}

struct SpawnError: Error, CustomStringConvertible {
    var description: String
}

/// Runs a program with posix_spawn and reaps it with wait4, which gives the resource usage of
/// that one child (getrusage(RUSAGE_CHILDREN) would give the maximum over all children).
/// Standard output goes to `stdoutPath`, standard error to `stderrPath`.
func spawnAndWait(_ arguments: [String], stdoutPath: String, stderrPath: String) throws -> (status: Int32, sample: Sample) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

    let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }

    var pid: pid_t = 0
    let t0 = Clock.now()
    let rc = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
    guard rc == 0 else {
        throw SpawnError(description: "cannot start \(arguments[0]): \(String(cString: strerror(rc)))")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        if errno != EINTR { throw SpawnError(description: "wait4 failed: \(String(cString: strerror(errno)))") }
    }
    let t1 = Clock.now()
    let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    // Exit code when it exited normally; 128 + signal otherwise.
    let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (exitCode, Sample(wall: t1 - t0, cpu: cpu, maxRSSKiB: Int(usage.ru_maxrss)))
}

/// Median, minimum and friends of a series of samples.
struct Summary {
    var runs: Int
    var wallMedian: Double
    var wallMin: Double
    var cpuMedian: Double
    var maxRSSKiB: Int
    var selfReportedMedian: Double?

    init(_ samples: [Sample]) {
        runs = samples.count
        wallMedian = Self.median(samples.map(\.wall))
        wallMin = samples.map(\.wall).min() ?? 0
        cpuMedian = Self.median(samples.map(\.cpu))
        maxRSSKiB = samples.map(\.maxRSSKiB).max() ?? 0
        let reported = samples.compactMap(\.selfReported)
        selfReportedMedian = reported.isEmpty ? nil : Self.median(reported)
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

/// "12.3 ms" or "1.234 s".
func formatTime(_ seconds: Double) -> String {
    let ms = seconds * 1000
    if ms >= 1000 { return String(format: "%.3f s", seconds) }
    if ms >= 100 { return String(format: "%.0f ms", ms) }
    if ms >= 10 { return String(format: "%.1f ms", ms) }
    return String(format: "%.2f ms", ms)
}

/// A plain-text table in Markdown syntax, so it can be pasted into BENCHMARKS.md as it is.
func markdownTable(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
    var widths = header.map(\.count)
    for row in rows {
        for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
    }
    func pad(_ cell: String, _ i: Int) -> String {
        let fill = String(repeating: " ", count: widths[i] - cell.count)
        return rightAligned.contains(i) ? fill + cell : cell + fill
    }
    var out = "| " + header.enumerated().map { pad($1, $0) }.joined(separator: " | ") + " |\n"
    out += "| " + widths.enumerated().map { i, w in
        rightAligned.contains(i) ? String(repeating: "-", count: max(w - 1, 1)) + ":" : String(repeating: "-", count: w)
    }.joined(separator: " | ") + " |\n"
    for row in rows {
        out += "| " + row.enumerated().map { pad($1, $0) }.joined(separator: " | ") + " |\n"
    }
    return out
}

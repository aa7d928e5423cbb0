/// Collects diagnostics from every stage so one run reports all independent problems.
public final class DiagnosticCollector {
    public private(set) var diagnostics: [Diagnostic] = []
    /// For deduplication in constant time: a file full of bad characters must not go quadratic.
    private var seen: Set<Diagnostic> = []
    private var sources: [String: SourceFile] = [:]
    /// Errors past `errorLimit` are counted, not kept: a hopeless file stays fast to report.
    public let errorLimit: Int
    public private(set) var suppressedErrors = 0

    public init(errorLimit: Int = 100) { self.errorLimit = errorLimit }

    public var hasErrors: Bool { suppressedErrors > 0 || diagnostics.contains { $0.severity == .error } }
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count + suppressedErrors }

    /// Registers a file so its lines can be shown under its diagnostics.
    public func register(_ source: SourceFile) { sources[source.path] = source }

    public func error(_ message: String, at location: SourceLocation?, length: Int = 1) {
        emit(Diagnostic(.error, message, at: location, length: length))
    }

    public func warning(_ message: String, at location: SourceLocation?, length: Int = 1) {
        emit(Diagnostic(.warning, message, at: location, length: length))
    }

    public func emit(_ diagnostic: Diagnostic) {
        if diagnostic.severity == .error, diagnostics.count - warningCount >= errorLimit {
            suppressedErrors += 1
            return
        }
        // The same problem reached through two paths (a type used twice) is reported once.
        if seen.insert(diagnostic).inserted { diagnostics.append(diagnostic) }
    }

    private var warningCount: Int { diagnostics.filter { $0.severity != .error }.count }

    /// Diagnostics in file and position order, as the user reads them.
    public var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (l?, r?): return l == r ? a.offset < b.offset : l < r
            case (nil, _?): return true
            case (_?, nil): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// Every diagnostic with its source line and a caret under the problem.
    public func render() -> String {
        var out = ""
        for diagnostic in sorted {
            out += diagnostic.description + "\n"
            guard let location = diagnostic.location, let source = sources[location.file] else { continue }
            let line = source.lineText(location.line)
            let prefix = String(line.utf8.prefix(location.column - 1).map { $0 == UInt8(ascii: "\t") ? Character("\t") : Character(" ") })
            out += "    \(line)\n"
            out += "    \(prefix)^\(String(repeating: "~", count: diagnostic.length - 1))\n"
        }
        if suppressedErrors > 0 {
            out += "error: \(suppressedErrors) more errors not shown (the first \(errorLimit) are above)\n"
        }
        return out
    }
}

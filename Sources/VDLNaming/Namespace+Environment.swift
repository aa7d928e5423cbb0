import Foundation
import VDLTransport

extension Namespace {
    /// The environment variable that lists the namespace roots, separated by commas.
    public static let rootsVariable = "VDL_NAMESPACE_ROOT"

    /// The roots a command uses: its `--namespace-root` flags, else `$VDL_NAMESPACE_ROOT`
    /// (comma-separated), else none (only rooted names work).
    public static func roots(flags: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        if !flags.isEmpty { return flags }
        return (environment[rootsVariable] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// One problem found in the IDL, with where it is.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    public let severity: Severity
    public let message: String
    /// nil for problems that are not tied to a place in a file (a missing package directory).
    public let location: SourceLocation?
    /// The number of columns the caret underline spans (at least 1).
    public let length: Int

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, length: Int = 1) {
        self.severity = severity
        self.message = message
        self.location = location
        self.length = max(1, length)
    }

    /// `file:line:col: error: message`, without the snippet.
    public var description: String {
        if let location { return "\(location): \(severity.rawValue): \(message)" }
        return "\(severity.rawValue): \(message)"
    }
}

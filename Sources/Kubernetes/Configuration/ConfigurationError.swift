/// A kubeconfig file or the in-cluster files could not be used; the message names the file and
/// the field.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file (or `in-cluster configuration`, or `environment`) the problem is in.
    public var source: String
    /// The field, e.g. `contexts[dev].context.user`, when the problem is about one.
    public var field: String?
    /// What is wrong.
    public var message: String

    /// Describes a problem.
    public init(source: String, field: String? = nil, message: String) {
        self.source = source
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field { return "\(source): \(field): \(message)" }
        return "\(source): \(message)"
    }
}

/// What a client should do when a call fails with a ``VDLError``.
public enum RetryAction: Int32, VDLEnum {
    /// Do not retry.
    case noRetry = 0
    /// Retry after re-establishing the connection.
    case retryConnection = 1
    /// Retry after refetching whatever the call depended on.
    case retryRefetch = 2
    /// Retry later, with backoff.
    case retryBackoff = 3

    /// The VDL name of this type: "vdl.RetryAction".
    @inlinable public static var vdlTypeName: String { "vdl.RetryAction" }

    /// The VDL label ("NoRetry", "RetryConnection", ...).
    public var vdlLabel: String {
        switch self {
        case .noRetry: return "NoRetry"
        case .retryConnection: return "RetryConnection"
        case .retryRefetch: return "RetryRefetch"
        case .retryBackoff: return "RetryBackoff"
        }
    }
}

/// The kind of PATCH body; each is sent with its own content type, as the API server requires
/// (it answers 415 to a PATCH sent as `application/json`).
public enum PatchType: String, Sendable, Hashable {
    /// RFC 7386 JSON merge patch: objects merge, `null` removes a field, arrays are replaced.
    case merge = "application/merge-patch+json"
    /// RFC 6902 JSON patch: a list of operations.
    case json = "application/json-patch+json"
    /// Kubernetes strategic merge patch (merges lists by key, e.g. containers by name).
    /// kmock treats it like a merge patch.
    case strategicMerge = "application/strategic-merge-patch+json"
}

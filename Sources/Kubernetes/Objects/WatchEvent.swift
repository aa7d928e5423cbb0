/// One event of a watch stream.
public struct WatchEvent<Object: KubernetesObject>: Sendable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        /// Only a newer resourceVersion to resume from (`allowWatchBookmarks`).
        case bookmark = "BOOKMARK"
    }

    /// What happened.
    public var kind: Kind
    /// The object after the change (before it, for `deleted`).
    public var object: Object
}

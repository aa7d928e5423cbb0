/// The result of a list call.
public struct ObjectList<Object: KubernetesObject>: Sendable {
    /// The objects, each with `apiVersion` and `kind` filled in.
    public var items: [Object]
    /// `metadata.resourceVersion` of the list: a real server's point to start a watch from.
    /// kmock answers `"..."`, passed on as it is.
    public var resourceVersion: String?
}

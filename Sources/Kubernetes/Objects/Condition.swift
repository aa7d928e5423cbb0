/// An entry of `status.conditions`, as used by Deployments, Pods and most other kinds.
public struct Condition: Sendable, Hashable {
    /// The condition as JSON.
    public var json: JSONValue

    /// Wraps a condition.
    public init(json: JSONValue) { self.json = json }

    /// `type`, e.g. `Available`, `Progressing`, `Ready`.
    public var type: String? { json["type"]?.stringValue }
    /// `status`: `"True"`, `"False"` or `"Unknown"`.
    public var status: String? { json["status"]?.stringValue }
    /// `reason`, e.g. `ProgressDeadlineExceeded`.
    public var reason: String? { json["reason"]?.stringValue }
    /// `message`.
    public var message: String? { json["message"]?.stringValue }
    /// Whether `status` is `"True"`.
    public var isTrue: Bool { status == "True" }
}

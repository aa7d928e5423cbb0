/// A core/v1 Event: something that happened to an object (`FailedScheduling`, `Pulled`, ...).
public struct Event: KubernetesObject {
    public static let resourceType = ResourceType(
        group: "", version: "v1", plural: "events", kind: "Event", isNamespaced: true)

    public var json: JSONValue

    public init(json: JSONValue) { self.json = json }

    /// `type`: `Normal` or `Warning`.
    public var type: String? { json["type"]?.stringValue }
    /// `reason`, e.g. `FailedScheduling`.
    public var reason: String? { json["reason"]?.stringValue }
    /// `message`.
    public var message: String? { json["message"]?.stringValue }
    /// `count`: how often it happened.
    public var count: Int? { json["count"]?.intValue }
    /// `involvedObject.kind`.
    public var involvedKind: String? { json[path: "involvedObject", "kind"]?.stringValue }
    /// `involvedObject.name`.
    public var involvedName: String? { json[path: "involvedObject", "name"]?.stringValue }
    /// `lastTimestamp` (or `eventTime` when absent), as sent.
    public var lastTimestamp: String? {
        json["lastTimestamp"]?.stringValue ?? json["eventTime"]?.stringValue
    }
}

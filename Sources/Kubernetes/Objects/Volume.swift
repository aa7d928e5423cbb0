/// A volume of a pod template; the source (`secret`, `persistentVolumeClaim`, ...) stays in
/// ``json``.
public struct Volume: Sendable, Hashable {
    /// The volume as JSON.
    public var json: JSONValue

    /// Wraps a volume.
    public init(json: JSONValue) { self.json = json }

    /// A volume backed by the Secret `secretName`.
    public static func secret(name: String, secretName: String) -> Volume {
        Volume(json: ["name": .string(name), "secret": ["secretName": .string(secretName)]])
    }

    /// A volume backed by the PersistentVolumeClaim `claimName`.
    public static func persistentVolumeClaim(name: String, claimName: String) -> Volume {
        Volume(json: ["name": .string(name), "persistentVolumeClaim": ["claimName": .string(claimName)]])
    }

    /// `name`.
    public var name: String? {
        get { json["name"]?.stringValue }
        set { json["name"] = newValue.map(JSONValue.string) }
    }
}

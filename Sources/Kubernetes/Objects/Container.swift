/// A container of a pod template; fields without an accessor are kept in ``json``.
public struct Container: Sendable, Hashable {
    /// The container as JSON.
    public var json: JSONValue

    /// Wraps a container.
    public init(json: JSONValue) { self.json = json }

    /// A container with a name and an image.
    public init(name: String, image: String) {
        self.json = ["name": .string(name), "image": .string(image)]
    }

    /// `name`.
    public var name: String? {
        get { json["name"]?.stringValue }
        set { json["name"] = newValue.map(JSONValue.string) }
    }

    /// `image`.
    public var image: String? {
        get { json["image"]?.stringValue }
        set { json["image"] = newValue.map(JSONValue.string) }
    }

    /// `args`; setting an empty array removes the field.
    public var args: [String] {
        get { json["args"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        set { json["args"] = newValue.isEmpty ? nil : .array(newValue.map(JSONValue.string)) }
    }

    /// `env` as name/value pairs; entries with `valueFrom` are left out of the getter but kept in
    /// ``json``. Use ``setEnvironment(_:value:)`` to change one entry without losing others.
    public var environment: [String: String] {
        var result: [String: String] = [:]
        for entry in json["env"]?.arrayValue ?? [] {
            if let name = entry["name"]?.stringValue, let value = entry["value"]?.stringValue {
                result[name] = value
            }
        }
        return result
    }

    /// Sets (or adds) the `env` entry `name` to a plain value.
    public mutating func setEnvironment(_ name: String, value: String) {
        var entries = json["env"]?.arrayValue ?? []
        let entry: JSONValue = ["name": .string(name), "value": .string(value)]
        if let index = entries.firstIndex(where: { $0["name"]?.stringValue == name }) {
            entries[index] = entry
        } else {
            entries.append(entry)
        }
        json["env"] = .array(entries)
    }

    /// `volumeMounts` as JSON; setting an empty array removes the field.
    public var volumeMounts: [JSONValue] {
        get { json["volumeMounts"]?.arrayValue ?? [] }
        set { json["volumeMounts"] = newValue.isEmpty ? nil : .array(newValue) }
    }
}

import Foundation

extension JSONValue {
    /// The member `key` of an object, or `nil` when this is not an object or has no such member.
    ///
    /// Setting a member of a non-object value turns it into an object; setting `nil` removes the
    /// member.
    public subscript(key: String) -> JSONValue? {
        get {
            guard case .object(let members) = self else { return nil }
            return members[key]
        }
        set {
            var members: [String: JSONValue]
            if case .object(let existing) = self { members = existing } else { members = [:] }
            members[key] = newValue
            self = .object(members)
        }
    }

    /// The value at a path of object keys, e.g. `json[path: "spec", "replicas"]`.
    ///
    /// Setting creates the intermediate objects; setting `nil` removes the last member only.
    public subscript(path keys: String...) -> JSONValue? {
        get { value(at: keys[...]) }
        set { setValue(newValue, at: keys[...]) }
    }

    /// The value at a path of object keys given as an array.
    public func value(at keys: ArraySlice<String>) -> JSONValue? {
        guard let first = keys.first else { return self }
        return self[first]?.value(at: keys.dropFirst())
    }

    /// Sets (or with `nil`, removes) the value at a path of object keys.
    public mutating func setValue(_ newValue: JSONValue?, at keys: ArraySlice<String>) {
        guard let first = keys.first else {
            self = newValue ?? .null
            return
        }
        if keys.count == 1 {
            self[first] = newValue
            return
        }
        if newValue == nil, self[first] == nil { return }  // nothing to remove
        var child = self[first] ?? .object([:])
        child.setValue(newValue, at: keys.dropFirst())
        self[first] = child
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer, when this is an integer (or a floating-point number with an integral value).
    public var intValue: Int? {
        switch self {
        case .integer(let value): return Int(exactly: value)
        case .double(let value): return Int(exactly: value)
        default: return nil
        }
    }

    /// The Boolean, when this is a Boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, when this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The members of an object whose values are all strings (labels, annotations, selectors);
    /// members that are not strings are left out.
    public var stringMap: [String: String]? {
        objectValue?.compactMapValues(\.stringValue)
    }

    /// An object of strings, or `nil` for an empty map (so that it is left out when encoded).
    static func stringMap(_ map: [String: String]) -> JSONValue? {
        map.isEmpty ? nil : .object(map.mapValues(JSONValue.string))
    }

    /// Parses JSON text.
    public init(jsonData data: some DataProtocol) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(data))
    }

    /// Parses JSON text.
    public init(jsonString string: String) throws {
        try self.init(jsonData: Data(string.utf8))
    }

    /// The value as compact JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The value as compact JSON text with sorted keys.
    public var jsonString: String {
        // Encoding a JSONValue cannot fail: every case maps onto a JSON value.
        (try? jsonData()).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { jsonString }
}

import Foundation

/// A core/v1 Secret.
///
/// A real API server stores `stringData` into `data` (base64) and never returns `stringData`;
/// kmock keeps both as sent. ``decodedData`` reads either form.
public struct Secret: KubernetesObject {
    public static let resourceType = ResourceType(
        group: "", version: "v1", plural: "secrets", kind: "Secret", isNamespaced: true)

    public var json: JSONValue

    public init(json: JSONValue) { self.json = json }

    /// `type`, e.g. `Opaque` (the default) or `kubernetes.io/tls`.
    public var type: String? {
        get { json["type"]?.stringValue }
        set { json["type"] = newValue.map(JSONValue.string) }
    }

    /// `data`, base64-decoded; entries that are not valid base64 are left out of the getter.
    /// Setting an empty map removes the field.
    public var data: [String: [UInt8]] {
        get {
            (json["data"]?.stringMap ?? [:]).compactMapValues { Data(base64Encoded: $0).map { [UInt8]($0) } }
        }
        set {
            json["data"] = JSONValue.stringMap(newValue.mapValues { Data($0).base64EncodedString() })
        }
    }

    /// `stringData`: write-only plain-text values for a real API server, which merges them
    /// into `data`. Setting an empty map removes the field.
    public var stringData: [String: String] {
        get { json["stringData"]?.stringMap ?? [:] }
        set { json["stringData"] = JSONValue.stringMap(newValue) }
    }

    /// The values as a real API server would store them: `data` decoded, overlaid with
    /// `stringData` (which wins, as it does on a write).
    public var decodedData: [String: [UInt8]] {
        data.merging(stringData.mapValues { Array($0.utf8) }) { _, fromStringData in fromStringData }
    }

    /// The value `key` of ``decodedData`` as UTF-8 text.
    public func string(forKey key: String) -> String? {
        decodedData[key].map { String(decoding: $0, as: UTF8.self) }
    }
}

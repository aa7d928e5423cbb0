import Foundation
import Logging

/// Formats records as `TIME LEVEL LABEL: MESSAGE key=value …`.
struct BroadcastLogHandler: LogHandler {
    let label: String
    let broadcaster: LogBroadcaster
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level, message = event.message
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = ISO8601DateFormatter().string(from: Date())
        broadcaster.publish("\(time) \(level) \(label): \(message)\(fields.isEmpty ? "" : " " + fields)")
    }
}

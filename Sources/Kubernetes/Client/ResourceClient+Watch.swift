import AsyncHTTPClient
import NIOCore

extension ResourceClient {
    /// Watches the objects: first an `added` event for each existing object (unless
    /// `resourceVersion` is given), then every change, until `timeout` passes, the server ends
    /// the stream, or the consumer stops iterating.
    ///
    /// - Parameters:
    ///   - labelSelector: Sent to the server; `added` and `modified` events of objects that do
    ///     not match are also dropped by the client, as kmock ignores the selector.
    ///   - resourceVersion: Start after this version (from ``ObjectList/resourceVersion``).
    ///   - timeout: Sent as `timeoutSeconds`; the client also ends the stream 5 seconds after it,
    ///     as kmock ignores `timeoutSeconds`.
    /// - Returns: The events. The stream throws ``KubernetesError`` for an `ERROR` event (e.g.
    ///   `Gone`/`Expired` when `resourceVersion` is too old) or a failed request.
    public func watch(
        labelSelector: LabelSelector? = nil, resourceVersion: String? = nil, timeout: Duration = .seconds(300)
    ) -> AsyncThrowingStream<WatchEvent<Object>, any Error> {
        var query: [(String, String)] = [
            ("watch", "true"), ("allowWatchBookmarks", "true"),
            ("timeoutSeconds", String(max(1, timeout.components.seconds))),
        ]
        if let labelSelector, !labelSelector.requirements.isEmpty {
            query.append(("labelSelector", labelSelector.description))
        }
        if let resourceVersion { query.append(("resourceVersion", resourceVersion)) }

        let (stream, continuation) = AsyncThrowingStream.makeStream(of: WatchEvent<Object>.self)
        let task = Task { [self, query] in
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await self.pumpEvents(query: query, labelSelector: labelSelector, into: continuation)
                    }
                    group.addTask {
                        try await Task.sleep(for: timeout + .seconds(5))
                    }
                    try await group.next()
                    group.cancelAll()
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Reads the watch response line by line (one JSON event per line) into `continuation`.
    private func pumpEvents(
        query: [(String, String)], labelSelector: LabelSelector?,
        into continuation: AsyncThrowingStream<WatchEvent<Object>, any Error>.Continuation
    ) async throws {
        let response = try await transport.stream(collectionPath, query: query)
        var lines = LineBuffer()
        for try await chunk in response.body {
            lines.append(chunk.readableBytesView)
            while let line = try lines.nextLine() {
                if let event = try decodeEvent(line) {
                    deliver(event, labelSelector: labelSelector, to: continuation)
                }
            }
        }
        if let last = lines.remainder(), let event = try decodeEvent(last) {
            deliver(event, labelSelector: labelSelector, to: continuation)
        }
    }

    /// Passes `event` on, unless its object does not match `labelSelector` (kmock ignores the
    /// selector; `deleted` events always pass, as a real server sends them for objects that
    /// stopped matching).
    private func deliver(
        _ event: WatchEvent<Object>, labelSelector: LabelSelector?,
        to continuation: AsyncThrowingStream<WatchEvent<Object>, any Error>.Continuation
    ) {
        if let labelSelector, event.kind == .added || event.kind == .modified,
            !labelSelector.matches(event.object.labels)
        {
            return
        }
        continuation.yield(event)
    }

    /// One line of a watch stream as an event; `nil` for blank lines and unknown event types.
    private func decodeEvent(_ line: [UInt8]) throws -> WatchEvent<Object>? {
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { return nil }
        let json: JSONValue
        do {
            json = try JSONValue(jsonData: line)
        } catch {
            throw KubernetesError(
                statusCode: 200, reason: .invalidResponse,
                message: "a watch event is not JSON: \(KubernetesError.excerpt(of: line))",
                method: "GET", path: collectionPath)
        }
        let type = json["type"]?.stringValue ?? ""
        let object = json["object"] ?? .null
        if type == "ERROR" {
            throw KubernetesError(status: object, statusCode: nil, method: "GET", path: collectionPath)
        }
        guard let kind = WatchEvent<Object>.Kind(rawValue: type) else { return nil }
        return WatchEvent(kind: kind, object: decode(object))
    }
}

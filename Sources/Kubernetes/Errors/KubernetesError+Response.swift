extension KubernetesError {
    /// The longest part of a non-`Status` body kept in ``message``.
    static let maximumBodyExcerpt = 512

    /// The error for a failed response: from its `Status` body when it has one, else from the
    /// status code with an excerpt of the body (kmock may answer with a Python traceback).
    init(statusCode: Int, body: [UInt8], method: String, path: String) {
        if let status = try? JSONValue(jsonData: body), status.looksLikeStatus {
            self.init(status: status, statusCode: statusCode, method: method, path: path)
        } else {
            self.init(
                statusCode: statusCode, reason: Reason.forStatusCode(statusCode, method: method),
                message: Self.excerpt(of: body), method: method, path: path)
        }
    }

    /// The error described by a `Status` object, from a response body or a watch `ERROR` event.
    init(status: JSONValue, statusCode: Int?, method: String, path: String) {
        let code = statusCode ?? status["code"]?.intValue ?? 0
        let sent = status["reason"]?.stringValue
        let reason = sent.map(Reason.init(rawValue:)).flatMap { Reason.known.contains($0) ? $0 : nil }
        let causes = (status[path: "details", "causes"]?.arrayValue ?? []).map { cause in
            Cause(
                reason: cause["reason"]?.stringValue, message: cause["message"]?.stringValue,
                field: cause["field"]?.stringValue)
        }
        self.init(
            statusCode: code,
            reason: reason ?? Reason.forStatusCode(code, method: method),
            message: status["message"]?.stringValue ?? sent ?? "no message",
            causes: causes,
            serverReason: sent,
            method: method,
            path: path)
    }

    /// The first bytes of a body as text, for an error message.
    static func excerpt(of body: [UInt8]) -> String {
        if body.isEmpty { return "empty response body" }
        let text = String(decoding: body.prefix(maximumBodyExcerpt), as: UTF8.self)
        return body.count > maximumBodyExcerpt ? text + "… (\(body.count) bytes)" : text
    }
}

extension JSONValue {
    /// Whether this is a `Status` object (kmock's lack nothing but may add a traceback).
    fileprivate var looksLikeStatus: Bool {
        self["kind"]?.stringValue == "Status" || (self["reason"] != nil && self["code"] != nil)
    }
}

/// An error answered by the API server (or an emulator of it): the HTTP status and, when the
/// body is a `Status` object, its reason, message and causes.
public struct KubernetesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The machine-readable reason of a failure, as in `Status.reason`.
    ///
    /// A real API server sends one of the constants below. kmock sends phrases such as
    /// "Object Already Exists"; those (and missing reasons) are replaced by the reason a real
    /// server gives for the same status code and method, and the original text is kept in
    /// ``KubernetesError/serverReason``.
    public struct Reason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The reason as written in `Status.reason`.
        public var rawValue: String
        /// A reason from its `Status.reason` text.
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// 400: the request is malformed (e.g. a bad label selector).
        public static let badRequest = Reason(rawValue: "BadRequest")
        /// 401: no or invalid credentials.
        public static let unauthorized = Reason(rawValue: "Unauthorized")
        /// 403: the user may not do this (RBAC).
        public static let forbidden = Reason(rawValue: "Forbidden")
        /// 404: no such object (or namespace, or resource type).
        public static let notFound = Reason(rawValue: "NotFound")
        /// 405: the resource does not support the verb.
        public static let methodNotAllowed = Reason(rawValue: "MethodNotAllowed")
        /// 406: no acceptable representation.
        public static let notAcceptable = Reason(rawValue: "NotAcceptable")
        /// 409 on create: an object of that name exists.
        public static let alreadyExists = Reason(rawValue: "AlreadyExists")
        /// 409 on update: the object changed since it was read (stale `resourceVersion`).
        public static let conflict = Reason(rawValue: "Conflict")
        /// 410: the resource is gone.
        public static let gone = Reason(rawValue: "Gone")
        /// 410 on watch: the `resourceVersion` is too old; list again.
        public static let expired = Reason(rawValue: "Expired")
        /// 413: the request body is too large.
        public static let requestEntityTooLarge = Reason(rawValue: "RequestEntityTooLarge")
        /// 415: the content type is not accepted (e.g. a PATCH sent as `application/json`).
        public static let unsupportedMediaType = Reason(rawValue: "UnsupportedMediaType")
        /// 422: the object fails validation; ``KubernetesError/causes`` lists every problem.
        public static let invalid = Reason(rawValue: "Invalid")
        /// 429: throttled; retry later.
        public static let tooManyRequests = Reason(rawValue: "TooManyRequests")
        /// 500: the server failed.
        public static let internalError = Reason(rawValue: "InternalError")
        /// 503: the server is unavailable.
        public static let serviceUnavailable = Reason(rawValue: "ServiceUnavailable")
        /// 504 (or a server-side timeout): the request did not complete in time.
        public static let timeout = Reason(rawValue: "Timeout")
        /// The server's answer could not be read (not JSON, or not the expected object).
        public static let invalidResponse = Reason(rawValue: "InvalidResponse")
        /// No reason could be told from the answer.
        public static let unknown = Reason(rawValue: "Unknown")

        /// The reasons a real API server sends (`metav1.StatusReason`).
        static let known: Set<Reason> = [
            .badRequest, .unauthorized, .forbidden, .notFound, .methodNotAllowed, .notAcceptable,
            .alreadyExists, .conflict, .gone, .expired, .requestEntityTooLarge, .unsupportedMediaType,
            .invalid, .tooManyRequests, .internalError, .serviceUnavailable, .timeout,
        ]

        /// The reason a real API server gives for this status code and request method.
        static func forStatusCode(_ code: Int, method: String) -> Reason {
            switch code {
            case 400: .badRequest
            case 401: .unauthorized
            case 403: .forbidden
            case 404: .notFound
            case 405: .methodNotAllowed
            case 406: .notAcceptable
            case 409: method == "POST" ? .alreadyExists : .conflict
            case 410: .gone
            case 413: .requestEntityTooLarge
            case 415: .unsupportedMediaType
            case 422: .invalid
            case 429: .tooManyRequests
            case 500: .internalError
            case 503: .serviceUnavailable
            case 504: .timeout
            default: .unknown
            }
        }
    }

    /// One problem listed in `Status.details.causes` (a 422 lists every invalid field).
    public struct Cause: Sendable, Hashable, CustomStringConvertible {
        /// `reason`, e.g. `FieldValueInvalid`.
        public var reason: String?
        /// `message`.
        public var message: String?
        /// `field`, e.g. `spec.replicas`.
        public var field: String?

        public var description: String {
            [field, message ?? reason].compactMap { $0 }.joined(separator: ": ")
        }
    }

    /// The HTTP status code; 0 when the client refused the call before sending it.
    public var statusCode: Int
    /// The reason, normalized to the API's constants.
    public var reason: Reason
    /// `Status.message`, or for a body that is not a `Status`, its first bytes.
    public var message: String
    /// `Status.details.causes`.
    public var causes: [Cause]
    /// The reason text exactly as the server sent it, if any.
    public var serverReason: String?
    /// The request method, e.g. `POST`.
    public var method: String
    /// The request path, e.g. `/apis/apps/v1/namespaces/default/deployments`.
    public var path: String

    /// Makes an error; ``reason`` is used as it is.
    public init(
        statusCode: Int, reason: Reason, message: String, causes: [Cause] = [], serverReason: String? = nil,
        method: String, path: String
    ) {
        self.statusCode = statusCode
        self.reason = reason
        self.message = message
        self.causes = causes
        self.serverReason = serverReason
        self.method = method
        self.path = path
    }

    public var description: String {
        var text = "\(method) \(path): \(statusCode) \(reason.rawValue): \(message)"
        if !causes.isEmpty {
            text += " (" + causes.map(\.description).joined(separator: "; ") + ")"
        }
        return text
    }
}

/// Decides whether the caller of a call may make it. The server runs it before the method; a
/// refusal becomes the standard no-access error and the method never runs.
public protocol Authorizer: Sendable {
    /// Returns normally to allow the call; throws (``SecurityError/noAccess(_:)`` is
    /// conventional) to refuse it, saying why.
    func authorize(_ call: SecurityCall) throws
}

extension Authorizer where Self == DefaultAuthorizer {
    /// Allows callers whose valid blessing names and the server's extend one another.
    public static var `default`: DefaultAuthorizer { DefaultAuthorizer() }
}

extension Authorizer where Self == AllowEveryoneAuthorizer {
    /// Allows every caller, authenticated or not.
    public static var allowEveryone: AllowEveryoneAuthorizer { AllowEveryoneAuthorizer() }
}

extension Authorizer where Self == PermissionsAuthorizer {
    /// Checks the caller against the access list of the method's `access.Tag`.
    public static func permissions(_ permissions: Access.Permissions) -> PermissionsAuthorizer {
        PermissionsAuthorizer(permissions)
    }
}

extension Authorizer where Self == CustomAuthorizer {
    /// Runs `decide` for every call.
    public static func custom(_ decide: @escaping @Sendable (SecurityCall) throws -> Void) -> CustomAuthorizer {
        CustomAuthorizer(decide)
    }
}

/// Allows every caller.
public struct AllowEveryoneAuthorizer: Authorizer {
    public init() {}
    public func authorize(_ call: SecurityCall) throws {}
}

/// An authorizer made of a closure.
public struct CustomAuthorizer: Authorizer {
    private let decide: @Sendable (SecurityCall) throws -> Void
    public init(_ decide: @escaping @Sendable (SecurityCall) throws -> Void) { self.decide = decide }
    public func authorize(_ call: SecurityCall) throws { try decide(call) }
}

import VDLSecurity

/// An implementation bound to its interface: the descriptor and one handler per method, keyed by
/// full method name. A server serves any number of registrations.
public struct ServiceRegistration: Sendable {
    public let descriptor: ServiceDescriptor
    public let handlers: [String: MethodHandler]
    /// Decides who may call this service's methods; nil uses the server's authorizer.
    public private(set) var authorizer: (any Authorizer)?

    public init(descriptor: ServiceDescriptor, handlers: [MethodHandler]) {
        self.descriptor = descriptor
        self.handlers = Dictionary(handlers.map { ($0.descriptor.fullName, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// This registration with its own authorizer, e.g.
    /// `Fortune.Fortune.registration(store).authorized(by: .permissions(perms))`.
    public func authorized(by authorizer: any Authorizer) -> ServiceRegistration {
        var copy = self
        copy.authorizer = authorizer
        return copy
    }
}

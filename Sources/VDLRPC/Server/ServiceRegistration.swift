/// An implementation bound to its interface: the descriptor and one handler per method, keyed by
/// full method name. A server serves any number of registrations.
public struct ServiceRegistration: Sendable {
    public let descriptor: ServiceDescriptor
    public let handlers: [String: MethodHandler]

    public init(descriptor: ServiceDescriptor, handlers: [MethodHandler]) {
        self.descriptor = descriptor
        self.handlers = Dictionary(handlers.map { ($0.descriptor.fullName, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

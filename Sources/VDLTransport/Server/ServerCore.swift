import Foundation
import Logging
import Metrics
import NIOCore
import Synchronization
import VDLRPC
import VDLSecurity
import VDLWire

/// What every connection of a server shares: the methods with their authorizers, the principal,
/// the limits, the interceptors and the set of open connections (to count them and to drain
/// them on shutdown).
final class ServerCore: Sendable {
    /// A method and the authorizer that guards it.
    struct Route: Sendable {
        let handler: MethodHandler
        let authorizer: any Authorizer
    }

    /// A call as the connection saw it, before security checks.
    struct Call: Sendable {
        let request: Wire.Request
        let deadline: ContinuousClock.Instant?
        let peer: String
        let localBlessings: Blessings
        let remoteBlessings: Blessings
        /// The client's TLS key; nil on plaintext.
        let remoteKey: PublicKey?
    }

    let routes: [String: Route]
    let principal: Principal?
    let configuration: RPCServerConfiguration
    let interceptors: [any ServerInterceptor]
    let logger: Logger
    private let connections = Mutex<[ObjectIdentifier: any Channel]>([:])

    init(services: [ServiceRegistration], security: TransportSecurity, authorizer: any Authorizer,
         configuration: RPCServerConfiguration, interceptors: [any ServerInterceptor], logger: Logger) {
        var routes: [String: Route] = [:]
        for service in services {
            let guarded = service.handlers.mapValues { Route(handler: $0, authorizer: service.authorizer ?? authorizer) }
            routes.merge(guarded) { first, _ in first }
        }
        // Every server answers __Signature, authorized by the server's authorizer as a Read method.
        routes[Reflection.signatureMethodName] = Route(
            handler: Reflection.signatureHandler(serving: services.map(\.descriptor)), authorizer: authorizer)
        self.routes = routes
        self.principal = security.principal
        self.configuration = configuration
        self.interceptors = interceptors
        self.logger = logger
    }

    func route(for method: String) -> Route? { routes[method] }

    /// Checks the call's grant, asks its authorizer, then runs the method: a refused call gets
    /// the no-access error and the method never runs.
    func serve(_ call: Call, route: Route, stream: any RawServerStream) async throws -> [UInt8] {
        let method = route.handler.descriptor
        let security = SecurityCall(
            method: method.name, methodTags: method.tags, suffix: call.request.object, timestamp: Date(),
            localPrincipal: principal, localBlessings: call.localBlessings, remoteBlessings: call.remoteBlessings,
            remotePublicKey: call.remoteKey, validators: configuration.caveatValidators)
        let granted = try grantedBlessings(call.request.grant, method: method)
        do {
            try route.authorizer.authorize(security)
        } catch {
            var message = "\(method.fullName): \(error)"
            if principal == nil { message += " (the connection is plaintext: callers have no blessings)" }
            throw StandardErrors.noAccess(message)
        }
        let context = ServerCallContext(
            method: method, object: call.request.object, deadline: call.deadline, metadata: call.request.metadata,
            peer: call.peer, security: security, grantedBlessings: granted)
        return try await run(route.handler, arguments: call.request.arguments, stream: stream, context: context)
    }

    /// The blessings granted with a request, which must be bound to this server's key.
    private func grantedBlessings(_ wire: Security.WireBlessings, method: MethodDescriptor) throws -> Blessings? {
        guard !wire.chains.isEmpty else { return nil }
        do {
            let granted = try Blessings(wire: wire)
            guard let principal, granted.publicKey == principal.publicKey else {
                throw SecurityError.keyMismatch("they are bound to key \(granted.publicKey.map(String.init(describing:)) ?? "none"), not to this server's key \(principal.map { String(describing: $0.publicKey) } ?? "(plaintext: none)")")
            }
            return granted
        } catch {
            throw StandardErrors.badArgument("\(method.fullName): the granted blessings are refused: \(error)")
        }
    }

    /// Registers a new connection; false when the server is full.
    func admit(_ channel: any Channel) -> Bool {
        connections.withLock { open in
            guard open.count < configuration.maxConnections else { return false }
            open[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    func remove(_ channel: any Channel) {
        _ = connections.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    var openConnections: [any Channel] { connections.withLock { Array($0.values) } }

    /// Runs a method through the interceptors. The connection enforces the deadline: it answers
    /// the client when the deadline passes and cancels the call's task.
    func run(_ handler: MethodHandler, arguments: [UInt8], stream: any RawServerStream, context: ServerCallContext) async throws -> [UInt8] {
        guard !interceptors.isEmpty else { return try await handler.handle(arguments, stream, context) }
        var next: @Sendable (ServerCallContext) async throws -> [UInt8] = { context in
            try await handler.handle(arguments, stream, context)
        }
        for interceptor in interceptors.reversed() {
            let inner = next
            next = { context in try await interceptor.intercept(context, next: inner) }
        }
        return try await next(context)
    }
}

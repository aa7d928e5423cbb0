import Logging
import Metrics
import NIOCore
import Synchronization
import VDLRPC
import VDLWire

/// What every connection of a server shares: the methods, the limits, the interceptors and the
/// set of open connections (to count them and to drain them on shutdown).
final class ServerCore: Sendable {
    let handlers: [String: MethodHandler]
    let configuration: RPCServerConfiguration
    let interceptors: [any ServerInterceptor]
    let logger: Logger
    private let connections = Mutex<[ObjectIdentifier: any Channel]>([:])

    init(services: [ServiceRegistration], configuration: RPCServerConfiguration, interceptors: [any ServerInterceptor], logger: Logger) {
        var handlers: [String: MethodHandler] = [:]
        for service in services {
            handlers.merge(service.handlers) { first, _ in first }
        }
        self.handlers = handlers
        self.configuration = configuration
        self.interceptors = interceptors
        self.logger = logger
    }

    func handler(for method: String) -> MethodHandler? { handlers[method] }

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

    /// Runs a method through the interceptors, bounded by the call's deadline.
    func run(_ handler: MethodHandler, arguments: [UInt8], stream: any RawServerStream, context: ServerCallContext) async throws -> [UInt8] {
        var next: @Sendable (ServerCallContext) async throws -> [UInt8] = { context in
            try await handler.handle(arguments, stream, context)
        }
        for interceptor in interceptors.reversed() {
            let inner = next
            next = { context in try await interceptor.intercept(context, next: inner) }
        }
        guard let deadline = context.deadline else { return try await next(context) }
        let body = next
        return try await withThrowingTaskGroup(of: [UInt8].self) { group in
            group.addTask { try await body(context) }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                throw StandardErrors.timeout("\(context.method.fullName) did not finish before its deadline")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw StandardErrors.internal("no result") }
            return first
        }
    }
}

import Foundation
import Synchronization
import VDLRPC
import VDLTransport
import VDLWire

/// Calls the object a name names: resolves the name through the namespace (and keeps the
/// answer until its mounts expire, at most ``cacheLimit``), then tries the servers in order.
/// A server that cannot be reached moves the call to the next one, unless the call already
/// started streaming; when every server fails the name is resolved afresh once.
///
/// The object suffix of a call is appended to the suffix the name resolved to, so
/// `Client(transport: namespace.transport(for: "sb"), object: "h1")` addresses `sb/h1`.
public final class NamedTransport: ClientTransport, Sendable {
    public let name: ObjectName
    private let namespace: Namespace
    private let cached = Mutex<(Resolution, ContinuousClock.Instant)?>(nil)
    /// The longest a resolution is reused.
    public static let cacheLimit: Duration = .seconds(10)

    init(name: ObjectName, namespace: Namespace) {
        self.name = name
        self.namespace = namespace
    }

    public func call<R: Sendable>(
        _ request: CallRequest, arguments: [UInt8],
        body: @Sendable (any RawClientStream) async throws -> R
    ) async throws -> (result: R, response: [UInt8]) {
        // One deadline for the whole call, however many servers it tries.
        let deadline = request.options.timeout.map { ContinuousClock.now + $0 }
        func remaining() -> CallOptions {
            var options = request.options
            if let deadline { options.timeout = max(deadline - ContinuousClock.now, .zero) }
            return options
        }
        var lastError: VDLError?
        for fresh in [false, true] {
            let resolution = try await resolved(fresh: fresh, options: remaining())
            for server in resolution.servers {
                guard case .rooted(let endpoint, let suffix) = server else { continue }
                let started = Mutex(false)
                let call = CallRequest(method: request.method, object: ObjectName.join(suffix, request.object), options: remaining())
                do {
                    return try await withoutActuallyEscaping(body) { body in
                        try await namespace.client(for: endpoint).call(call, arguments: arguments) { stream in
                            started.withLock { $0 = true }
                            return try await body(stream)
                        }
                    }
                } catch let error as VDLError where error.isUnreachable && !started.withLock({ $0 }) {
                    lastError = error
                }
            }
            if lastError == nil { break }
        }
        throw lastError ?? StandardErrors.noExist("\(name) resolved to no servers")
    }

    /// The cached resolution while it is fresh, else a new one.
    private func resolved(fresh: Bool, options: CallOptions) async throws -> Resolution {
        let now = ContinuousClock.now
        if !fresh, let (resolution, until) = cached.withLock({ $0 }), now < until { return resolution }
        let resolution = try await namespace.resolve(name, options: options)
        var until = now + Self.cacheLimit
        if let expiry = resolution.expiry {
            until = min(until, now + .milliseconds(Int64(max(0, expiry.timeIntervalSinceNow) * 1000)))
        }
        cached.withLock { $0 = (resolution, until) }
        return resolution
    }
}

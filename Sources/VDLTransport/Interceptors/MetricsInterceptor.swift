import Metrics
import VDLRPC
import VDLWire

/// Records, per method: `vdl_server_calls_total` (counter, with the outcome: "ok" or the error ID)
/// and `vdl_server_call_duration` (timer).
public struct ServerMetricsInterceptor: ServerInterceptor {
    public init() {}

    public func intercept(_ context: ServerCallContext, next: @Sendable (ServerCallContext) async throws -> [UInt8]) async throws -> [UInt8] {
        let start = ContinuousClock.now
        let method = context.method.fullName
        let outcome: String
        defer {
            Counter(label: "vdl_server_calls_total", dimensions: [("method", method), ("outcome", outcome)]).increment()
            Timer(label: "vdl_server_call_duration", dimensions: [("method", method)]).recordNanoseconds((ContinuousClock.now - start).nanoseconds)
        }
        do {
            let result = try await next(context)
            outcome = "ok"
            return result
        } catch {
            outcome = VDLError(converting: error).id
            throw error
        }
    }
}

/// Records, per method: `vdl_client_calls_total` (with the outcome) and `vdl_client_call_duration`.
public struct ClientMetricsInterceptor: ClientInterceptor {
    public init() {}

    public func intercept(_ request: CallRequest, next: @Sendable (CallRequest) async throws -> [UInt8]) async throws -> [UInt8] {
        let start = ContinuousClock.now
        let method = request.method.fullName
        let outcome: String
        defer {
            Counter(label: "vdl_client_calls_total", dimensions: [("method", method), ("outcome", outcome)]).increment()
            Timer(label: "vdl_client_call_duration", dimensions: [("method", method)]).recordNanoseconds((ContinuousClock.now - start).nanoseconds)
        }
        do {
            let result = try await next(request)
            outcome = "ok"
            return result
        } catch {
            outcome = VDLError(converting: error).id
            throw error
        }
    }
}

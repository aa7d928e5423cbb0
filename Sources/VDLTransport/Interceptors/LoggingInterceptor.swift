import Logging
import VDLRPC
import VDLWire

/// Logs every call a server serves: method, object, peer, duration and outcome.
public struct ServerLoggingInterceptor: ServerInterceptor {
    public let logger: Logger
    /// The level of successful calls; failures log one level higher.
    public let level: Logger.Level

    public init(logger: Logger, level: Logger.Level = .debug) {
        self.logger = logger
        self.level = level
    }

    public func intercept(_ context: ServerCallContext, next: @Sendable (ServerCallContext) async throws -> [UInt8]) async throws -> [UInt8] {
        let start = ContinuousClock.now
        var metadata: Logger.Metadata = ["method": "\(context.method.fullName)", "peer": "\(context.peer)"]
        if !context.object.isEmpty { metadata["object"] = "\(context.object)" }
        do {
            let result = try await next(context)
            metadata["duration"] = "\(ContinuousClock.now - start)"
            logger.log(level: level, "call served", metadata: metadata)
            return result
        } catch {
            metadata["duration"] = "\(ContinuousClock.now - start)"
            metadata["error"] = "\(VDLError(converting: error).id)"
            logger.log(level: level < .warning ? .info : level, "call failed", metadata: metadata)
            throw error
        }
    }
}

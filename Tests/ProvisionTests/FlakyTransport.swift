import Synchronization
import VDLRPC
import VDLWire

/// A transport that fails chosen methods while `failing` says so, then passes calls on.
final class FlakyTransport: ClientTransport {
    private let inner: any ClientTransport
    /// Method names (e.g. "Poll", "Feedback") → remaining failures (Int.max: until changed).
    let failures = Mutex<[String: Int]>([:])
    let calls = Mutex<[String: Int]>([:])

    init(_ inner: any ClientTransport) {
        self.inner = inner
    }

    func fail(_ method: String, times: Int) {
        failures.withLock { $0[method] = times }
    }

    func count(_ method: String) -> Int { calls.withLock { $0[method] ?? 0 } }

    func call<R: Sendable>(_ request: CallRequest, arguments: [UInt8],
                           body: @Sendable (any RawClientStream) async throws -> R) async throws -> (result: R, response: [UInt8]) {
        let name = request.method.name
        calls.withLock { $0[name, default: 0] += 1 }
        let fail = failures.withLock { state -> Bool in
            guard let remaining = state[name], remaining > 0 else { return false }
            state[name] = remaining - 1
            return true
        }
        if fail { throw StandardErrors.unavailable("injected failure of \(name)") }
        return try await inner.call(request, arguments: arguments, body: body)
    }
}

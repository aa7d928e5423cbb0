import Foundation
import Synchronization

/// A bearer token read from a file and read again once it is a minute old, so that
/// service-account tokens, which Kubernetes rotates, stay valid.
final class TokenFileCache: Sendable {
    private struct Entry {
        var token: String
        var readAt: ContinuousClock.Instant
    }

    /// How long a token read from the file is used before the file is read again.
    static let refreshInterval: Duration = .seconds(60)

    let path: String
    private let entry = Mutex<Entry?>(nil)

    init(path: String) { self.path = path }

    func token() throws -> String {
        let now = ContinuousClock.now
        if let cached = entry.withLock({ $0 }), now - cached.readAt < Self.refreshInterval {
            return cached.token
        }
        let token: String
        do {
            token = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw ConfigurationError(source: path, message: "cannot read the bearer token (\(error))")
        }
        entry.withLock { $0 = Entry(token: token, readAt: now) }
        return token
    }
}

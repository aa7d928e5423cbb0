import Synchronization
import VDLWire

/// The blessings a principal holds: the default, and which to present to peers whose names
/// match a pattern. Every blessing in the store is bound to the principal's own key.
public final class BlessingStore: Sendable {
    private struct State {
        var defaultBlessings: Blessings
        var forPeers: [Access.BlessingPattern: Blessings]
    }

    private let key: PublicKey
    private let state: Mutex<State>
    private let persist: (@Sendable (Security.StoredBlessings) throws -> Void)?

    init(key: PublicKey, stored: Security.StoredBlessings = Security.StoredBlessings(),
         persist: (@Sendable (Security.StoredBlessings) throws -> Void)? = nil) throws {
        self.key = key
        var forPeers: [Access.BlessingPattern: Blessings] = [:]
        for (pattern, wire) in stored.forPeers {
            forPeers[Access.BlessingPattern(rawValue: pattern)] = try Blessings(wire: wire)
        }
        let defaultBlessings = try Blessings(wire: stored.default)
        for blessings in [defaultBlessings] + Array(forPeers.values) where !blessings.isEmpty && blessings.publicKey != key {
            throw SecurityError.keyMismatch("the blessing store holds \(blessings), which is bound to \(blessings.publicKey.map(String.init(describing:)) ?? "no key"), not to the principal's key \(key)")
        }
        state = Mutex(State(defaultBlessings: defaultBlessings, forPeers: forPeers))
        self.persist = persist
    }

    /// The blessings presented when nothing more specific applies (servers present these).
    public var defaultBlessings: Blessings { state.withLock { $0.defaultBlessings } }

    /// Makes `blessings` the default.
    public func setDefault(_ blessings: Blessings) throws {
        try check(blessings)
        try update { $0.defaultBlessings = blessings }
    }

    /// Presents `blessings` to peers with a name matching `pattern` (empty blessings remove the
    /// entry). Returns what the pattern had before.
    @discardableResult
    public func set(_ blessings: Blessings, forPeers pattern: Access.BlessingPattern) throws -> Blessings? {
        guard pattern.isValid else { throw SecurityError.invalidName("\"\(pattern)\" is not a valid blessing pattern") }
        try check(blessings)
        var previous: Blessings?
        try update { state in
            previous = state.forPeers[pattern]
            state.forPeers[pattern] = blessings.isEmpty ? nil : blessings
        }
        return previous
    }

    /// The union of the blessings of every pattern that matches one of the peer's names (what a
    /// client presents to a server).
    public func forPeer(_ peerNames: [String]) -> Blessings {
        let matching = state.withLock { state in
            state.forPeers.filter { $0.key.matches(anyOf: peerNames) }.sorted { $0.key.rawValue < $1.key.rawValue }.map(\.value)
        }
        return (try? Blessings.union(matching)) ?? .empty
    }

    /// Every pattern with its blessings.
    public var peerBlessings: [Access.BlessingPattern: Blessings] { state.withLock { $0.forPeers } }

    var stored: Security.StoredBlessings { state.withLock { Self.stored($0) } }

    private func check(_ blessings: Blessings) throws {
        guard blessings.isEmpty || blessings.publicKey == key else {
            throw SecurityError.keyMismatch("\(blessings) is bound to key \(blessings.publicKey.map(String.init(describing:)) ?? "none"), not to this principal's key \(key)")
        }
    }

    /// Changes the state, writing it out first: a failed write changes nothing.
    private func update(_ change: (inout State) -> Void) throws {
        try state.withLock { state in
            var updated = state
            change(&updated)
            try persist?(Self.stored(updated))
            state = updated
        }
    }

    private static func stored(_ state: State) -> Security.StoredBlessings {
        Security.StoredBlessings(
            default: state.defaultBlessings.wire,
            forPeers: Dictionary(uniqueKeysWithValues: state.forPeers.map { ($0.key.rawValue, $0.value.wire) }))
    }
}

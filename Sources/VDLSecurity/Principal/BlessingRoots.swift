import Synchronization
import VDLWire

/// The root keys a principal trusts, each for the blessing names matching its patterns.
public final class BlessingRoots: Sendable {
    private let state: Mutex<[PublicKey: [Access.BlessingPattern]]>
    private let persist: (@Sendable (Security.StoredRoots) throws -> Void)?

    init(_ stored: Security.StoredRoots = Security.StoredRoots(), persist: (@Sendable (Security.StoredRoots) throws -> Void)? = nil) throws {
        var roots: [PublicKey: [Access.BlessingPattern]] = [:]
        for root in stored.roots {
            roots[try PublicKey(rawRepresentation: root.publicKey), default: []].append(contentsOf: root.patterns)
        }
        state = Mutex(roots)
        self.persist = persist
    }

    /// Trusts `key` as the root of names matching `pattern`. Written to the credentials
    /// directory (if any) before it takes effect.
    public func add(_ key: PublicKey, for pattern: Access.BlessingPattern) throws {
        guard pattern.isValid else { throw SecurityError.invalidName("\"\(pattern)\" is not a valid blessing pattern") }
        try state.withLock { roots in
            guard !(roots[key] ?? []).contains(pattern) else { return }
            var updated = roots
            updated[key, default: []].append(pattern)
            try persist?(Self.stored(updated))
            roots = updated
        }
    }

    /// Trusts the root of each chain of `blessings` for the names under that root's extension
    /// (what `principal recognize` does with a blessing).
    public func recognize(_ blessings: Blessings) throws {
        for chain in blessings.chains {
            guard let root = chain.certificates.first else { continue }
            try add(try PublicKey(rawRepresentation: root.publicKey), for: Access.BlessingPattern(rawValue: root.extension))
        }
    }

    /// Whether `key` is trusted as the root of `name`.
    public func recognizes(_ key: PublicKey, for name: String) -> Bool {
        state.withLock { $0[key]?.contains { $0.matches(name) } ?? false }
    }

    /// Every trusted key with its patterns, sorted by key fingerprint.
    public var entries: [(key: PublicKey, patterns: [Access.BlessingPattern])] {
        state.withLock { roots in roots.map { (key: $0.key, patterns: $0.value) } }.sorted { $0.key.fingerprint < $1.key.fingerprint }
    }

    package var stored: Security.StoredRoots { state.withLock { Self.stored($0) } }

    private static func stored(_ roots: [PublicKey: [Access.BlessingPattern]]) -> Security.StoredRoots {
        Security.StoredRoots(roots: roots.sorted { $0.key.fingerprint < $1.key.fingerprint }.map {
            Security.RecognizedRoot(publicKey: $0.key.rawRepresentation, patterns: $0.value)
        })
    }
}

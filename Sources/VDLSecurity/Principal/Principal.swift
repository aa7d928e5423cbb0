import Foundation
import VDLWire

/// A key pair with the blessings it holds and the roots it trusts.
///
/// ```swift
/// let alice = try Principal.create(in: "/home/alice/.vdl", name: "alice")
/// let bob = Principal()                                  // in memory only
/// let friend = try alice.bless(bob.publicKey, with: alice.blessingStore.defaultBlessings,
///                              extension: "friend", caveats: [.expiry(after: .seconds(3600))])
/// try bob.blessingStore.setDefault(friend)              // bob is now alice:friend
/// ```
public final class Principal: Sendable {
    public let publicKey: PublicKey
    private let key: Key
    /// The blessings this principal holds.
    public let blessingStore: BlessingStore
    /// The roots this principal trusts.
    public let roots: BlessingRoots
    /// The credentials directory it was loaded from or created in; nil when in memory only.
    public let directory: String?

    /// A principal in memory with a new key, no blessings and no roots (nothing is written).
    public convenience init(privateKey: PrivateKey = PrivateKey()) {
        // A new store and new roots with no persistence cannot fail.
        try! self.init(privateKey: privateKey, blessings: Security.StoredBlessings(), roots: Security.StoredRoots(), directory: nil)
    }

    /// Where the private key is: here, or with an agent that signs for this process.
    private enum Key: Sendable {
        case local(PrivateKey)
        case remote(any RemoteSigner)
    }

    init(privateKey: PrivateKey, blessings: Security.StoredBlessings, roots: Security.StoredRoots, directory: String?) throws {
        self.key = .local(privateKey)
        self.publicKey = privateKey.publicKey
        self.directory = directory
        var persistBlessings: (@Sendable (Security.StoredBlessings) throws -> Void)?
        var persistRoots: (@Sendable (Security.StoredRoots) throws -> Void)?
        if let directory {
            let files = CredentialsDirectory(path: directory, key: privateKey)
            persistBlessings = { try files.write($0, kind: .blessings) }
            persistRoots = { try files.write($0, kind: .roots) }
        }
        self.blessingStore = try BlessingStore(key: privateKey.publicKey, stored: blessings, persist: persistBlessings)
        self.roots = try BlessingRoots(roots, persist: persistRoots)
    }

    /// A principal whose private key is held by an agent (the pod agent): it presents
    /// `blessings` to everyone, trusts `roots`, and has the agent sign its TLS handshakes.
    /// Blessing others needs the key here, so ``bless(_:with:extension:caveats:)`` and grants
    /// fail with ``SecurityError/remoteKey(_:)``.
    public init(remote signer: any RemoteSigner, blessings: Blessings, roots: Security.StoredRoots) throws {
        self.key = .remote(signer)
        self.publicKey = signer.publicKey
        self.directory = nil
        self.blessingStore = try BlessingStore(key: signer.publicKey, stored: Security.StoredBlessings(), persist: nil)
        self.roots = try BlessingRoots(roots, persist: nil)
        try adopt(blessings)
    }

    /// A principal in memory, self-blessed as `name`, presenting that blessing to everyone and
    /// trusting it as a root (what a process without credentials runs as).
    public static func ephemeral(name: String) throws -> Principal {
        let principal = Principal()
        try principal.adopt(try principal.blessSelf(name))
        return principal
    }

    /// Creates a credentials directory with a new key, self-blessed as `name` (default blessing,
    /// presented to all peers, its root recognized). Refuses a directory that already holds a key.
    public static func create(in directory: String, name: String, privateKey: PrivateKey = PrivateKey()) throws -> Principal {
        try BlessingName.checkExtension(name)
        try CredentialsDirectory(path: directory, key: privateKey).create()
        let principal = try Principal(privateKey: privateKey, blessings: Security.StoredBlessings(),
                                      roots: Security.StoredRoots(), directory: directory)
        try principal.adopt(try principal.blessSelf(name))
        return principal
    }

    /// Loads the principal of a credentials directory, checking the key file's permissions and
    /// the signatures of the other files.
    public static func load(from directory: String) throws -> Principal {
        let (key, blessings, roots) = try CredentialsDirectory.load(path: directory)
        return try Principal(privateKey: key, blessings: blessings, roots: roots, directory: directory)
    }

    /// Makes `blessings` the default and the blessings for all peers, and trusts their roots.
    public func adopt(_ blessings: Blessings) throws {
        try blessingStore.setDefault(blessings)
        try blessingStore.set(blessings, forPeers: .allPrincipals)
        try roots.recognize(blessings)
    }

    /// Blesses `key` as an extension of each of `with`'s names (`with` must be this principal's
    /// blessings): `alice` blessing bob's key with extension `friend` gives bob `alice:friend`.
    public func bless(_ key: PublicKey, with: Blessings, extension: String, caveats: [Security.Caveat] = []) throws -> Blessings {
        try BlessingName.checkExtension(`extension`)
        guard !with.isEmpty else { throw SecurityError.invalidBlessings("cannot bless with empty blessings") }
        guard with.publicKey == publicKey else {
            throw SecurityError.keyMismatch("cannot bless with \(with): they belong to key \(with.publicKey.map(String.init(describing:)) ?? "none"), not to this principal (\(publicKey))")
        }
        let chains = try with.chains.map {
            try CertificateSigning.extend($0.certificates, key: key, extension: `extension`, caveats: caveats, issuer: localKey())
        }
        return Blessings(verifiedChains: chains, publicKey: key)
    }

    /// A new in-memory principal blessed as an extension of this principal's default blessings
    /// (`root` makes `root:alice`), presenting that blessing to everyone and trusting the roots
    /// of this principal's default blessings. For tests, examples and short-lived workers.
    public func delegate(_ extension: String, caveats: [Security.Caveat] = []) throws -> Principal {
        let delegate = Principal()
        let defaults = blessingStore.defaultBlessings
        try delegate.adopt(try bless(delegate.publicKey, with: defaults, extension: `extension`, caveats: caveats))
        try delegate.roots.recognize(defaults)
        return delegate
    }

    /// A new root blessing of this principal's own key, named `name`.
    public func blessSelf(_ name: String, caveats: [Security.Caveat] = []) throws -> Blessings {
        try BlessingName.checkExtension(name)
        let chain = try CertificateSigning.extend([], key: publicKey, extension: name, caveats: caveats, issuer: localKey())
        return Blessings(verifiedChains: [chain], publicKey: publicKey)
    }

    /// Signs `message` with the principal's private key, which must be here.
    public func sign(_ message: some DataProtocol) throws -> [UInt8] {
        try localKey().signature(for: message)
    }

    /// Signs `message` with the principal's private key, here or at its agent (the async
    /// counterpart of ``sign(_:)``, which needs the key here).
    public func signature(for message: [UInt8]) async throws -> [UInt8] {
        switch key {
        case .local(let key): return try key.signature(for: message)
        case .remote(let signer): return try await signer.sign(message)
        }
    }

    /// The private key when it is here; nil when an agent holds it.
    package var signingKey: PrivateKey? {
        if case .local(let key) = key { return key }
        return nil
    }

    /// The agent that holds the private key, if one does.
    package var remoteSigner: (any RemoteSigner)? {
        if case .remote(let signer) = key { return signer }
        return nil
    }

    private func localKey() throws -> PrivateKey {
        switch key {
        case .local(let key): return key
        case .remote: throw SecurityError.remoteKey("the private key of \(publicKey) is held by an agent, which signs only TLS handshakes and explicit sign requests")
        }
    }

    /// The names of `blessings` this principal considers valid for itself (recognized roots,
    /// caveats that hold now).
    public func names(of blessings: Blessings) -> [String] {
        blessings.validNames(in: SecurityCall(localPrincipal: self, localBlessings: blessings, remoteBlessings: blessings), roots: roots).valid
    }
}

import Foundation
import VDLWire

/// Names bound to one public key: a union of certificate chains, each a blessing.
///
/// A `Blessings` value has always had its structure and signatures checked (``init(wire:)``);
/// whether its *names* are valid depends on who looks and when, see
/// ``Blessings/validNames(in:roots:validators:)``.
public struct Blessings: Sendable, Hashable, CustomStringConvertible {
    /// The chains, each from a root to the holder. Empty for ``empty``.
    public let chains: [Security.Chain]
    /// The key all chains are bound to (nil only for ``empty``).
    public let publicKey: PublicKey?

    /// The most chains and certificates per chain ``init(wire:)`` accepts: checking a signature
    /// costs about 0.1 ms, so a peer must not make a server check thousands.
    public static let maxChains = 32
    public static let maxCertificatesPerChain = 32

    /// No blessings: what an unauthenticated peer has.
    public static let empty = Blessings(verifiedChains: [], publicKey: nil)

    init(verifiedChains: [Security.Chain], publicKey: PublicKey?) {
        self.chains = verifiedChains
        self.publicKey = publicKey
    }

    /// Checks and adopts blessings received from elsewhere: every certificate's extension, key
    /// and signature, and that all chains end at the same key.
    public init(wire: Security.WireBlessings) throws {
        guard !wire.chains.isEmpty else {
            self = .empty
            return
        }
        guard wire.chains.count <= Self.maxChains else {
            throw SecurityError.invalidBlessings("\(wire.chains.count) chains, more than the limit of \(Self.maxChains)")
        }
        if let long = wire.chains.firstIndex(where: { $0.certificates.count > Self.maxCertificatesPerChain }) {
            throw SecurityError.invalidBlessings("chain \(long) has \(wire.chains[long].certificates.count) certificates, more than the limit of \(Self.maxCertificatesPerChain)")
        }
        var key: PublicKey?
        for (index, chain) in wire.chains.enumerated() {
            let holder = try Self.verify(chain, index: index)
            if let key, key != holder {
                throw SecurityError.invalidBlessings("chain \(index) (\(Self.name(of: chain))) is bound to key \(holder), the others to \(key)")
            }
            key = holder
        }
        self.init(verifiedChains: wire.chains, publicKey: key)
    }

    /// The wire form (``Security/WireBlessings``).
    public var wire: Security.WireBlessings { Security.WireBlessings(chains: chains) }

    public var isEmpty: Bool { chains.isEmpty }

    /// The name of every chain, whether or not it is valid for anyone (`root:ops:phone`).
    public var names: [String] { chains.map(Self.name(of:)) }

    public var description: String { isEmpty ? "<no blessings>" : names.joined(separator: ",") }

    /// The blessings of all the given values together; they must be bound to the same key.
    public static func union(_ blessings: [Blessings]) throws -> Blessings {
        let present = blessings.filter { !$0.isEmpty }
        guard let key = present.first?.publicKey else { return .empty }
        var chains: [Security.Chain] = []
        for item in present {
            guard item.publicKey == key else {
                throw SecurityError.keyMismatch("cannot unite blessings of key \(key) with blessings of key \(item.publicKey.map(String.init(describing:)) ?? "none")")
            }
            for chain in item.chains where !chains.contains(chain) { chains.append(chain) }
        }
        return Blessings(verifiedChains: chains, publicKey: key)
    }

    static func name(of chain: Security.Chain) -> String {
        chain.certificates.map(\.extension).joined(separator: BlessingName.separator)
    }

    /// Checks one chain's extensions, keys and signatures; returns the key it is bound to.
    private static func verify(_ chain: Security.Chain, index: Int) throws -> PublicKey {
        guard !chain.certificates.isEmpty else {
            throw SecurityError.invalidBlessings("chain \(index) has no certificates")
        }
        var issuer: PublicKey?
        for (position, certificate) in chain.certificates.enumerated() {
            let described = "certificate \(position) (\"\(certificate.extension)\") of chain \(index)"
            do {
                try BlessingName.checkExtension(certificate.extension)
            } catch {
                throw SecurityError.invalidBlessings("\(described): \(error)")
            }
            let key: PublicKey
            do {
                key = try PublicKey(rawRepresentation: certificate.publicKey)
            } catch {
                throw SecurityError.invalidBlessings("\(described): \(error)")
            }
            let message = try CertificateSigning.message(chain.certificates[..<position], certificate)
            guard (issuer ?? key).isValidSignature(certificate.signature, for: message) else {
                throw SecurityError.invalidBlessings("\(described) has a signature that does not verify with its issuer's key")
            }
            issuer = key
        }
        guard let holder = issuer else { throw SecurityError.invalidBlessings("chain \(index) has no certificates") }
        return holder
    }
}

import Foundation
import VDLWire

/// What authorizers and caveat validators know about a call, from the side that checks it.
public struct SecurityCall: Sendable {
    /// The method's name (`Get`); empty when blessings are checked outside a call (a client
    /// checking a server when it connects).
    public var method: String
    /// The method's tags (`{access.Read}`), as in its descriptor.
    public var methodTags: [VDLAny]
    /// The object name the call addresses.
    public var suffix: String
    /// When the call is checked; expiry caveats compare against it.
    public var timestamp: Date
    /// The principal on this side, whose roots decide which names of the peer are valid (nil for
    /// a plaintext connection: the peer then has no valid names).
    public var localPrincipal: Principal?
    /// The blessings this side presented to the peer.
    public var localBlessings: Blessings
    /// The blessings the peer presented (already bound to its TLS key).
    public var remoteBlessings: Blessings
    /// The key the peer authenticated with on TLS, even when it presented no blessings (a new
    /// principal asking to be blessed); nil on a plaintext connection.
    public var remotePublicKey: PublicKey?
    /// The caveat validators to use.
    public var validators: CaveatValidators

    public init(method: String = "", methodTags: [VDLAny] = [], suffix: String = "", timestamp: Date = Date(),
                localPrincipal: Principal? = nil, localBlessings: Blessings = .empty,
                remoteBlessings: Blessings = .empty, remotePublicKey: PublicKey? = nil,
                validators: CaveatValidators = .standard) {
        self.method = method
        self.methodTags = methodTags
        self.suffix = suffix
        self.timestamp = timestamp
        self.localPrincipal = localPrincipal
        self.localBlessings = localBlessings
        self.remoteBlessings = remoteBlessings
        self.remotePublicKey = remotePublicKey ?? remoteBlessings.publicKey
        self.validators = validators
    }

    /// The peer's blessing names that are valid for this call, and why the others are not.
    public func remoteBlessingNames() -> BlessingNames {
        guard let localPrincipal else {
            return BlessingNames(valid: [], rejected: remoteBlessings.names.map {
                RejectedBlessing(name: $0, reason: "the connection is not authenticated")
            })
        }
        return remoteBlessings.validNames(in: self, roots: localPrincipal.roots)
    }
}

/// The valid names of some blessings in a call, and the rejected ones with reasons.
public struct BlessingNames: Sendable, Hashable, CustomStringConvertible {
    public var valid: [String]
    public var rejected: [RejectedBlessing]

    public init(valid: [String], rejected: [RejectedBlessing]) {
        self.valid = valid
        self.rejected = rejected
    }

    public var description: String {
        var parts = ["[\(valid.joined(separator: ", "))]"]
        if !rejected.isEmpty { parts.append("rejected: [\(rejected.map(\.description).joined(separator: "; "))]") }
        return parts.joined(separator: " ")
    }
}

/// A blessing name that is not valid, and why.
public struct RejectedBlessing: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let reason: String
    public var description: String { "\(name): \(reason)" }
}

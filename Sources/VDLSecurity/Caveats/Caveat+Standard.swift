import Foundation
import VDLWire

extension Security.Caveat {
    /// Valid until `deadline`.
    public static func expiry(at deadline: Date) throws -> Security.Caveat {
        Security.Caveat(id: Security.expiryCaveat, param: try Security.Time(deadline).serializedBytes())
    }

    /// Valid for `duration` from now.
    public static func expiry(after duration: Duration) throws -> Security.Caveat {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return try expiry(at: Date().addingTimeInterval(seconds))
    }

    /// Valid only for calls of these methods (by name, e.g. `Get`).
    public static func method(_ methods: [String]) throws -> Security.Caveat {
        Security.Caveat(id: Security.methodCaveat, param: try Security.MethodCaveatParam(methods: methods).serializedBytes())
    }

    /// Valid only with peers that have a blessing name matching one of `patterns`.
    public static func peerBlessings(_ patterns: [Access.BlessingPattern]) throws -> Security.Caveat {
        Security.Caveat(id: Security.peerBlessingsCaveat, param: try Security.PeerBlessingsCaveatParam(patterns: patterns).serializedBytes())
    }
}

import Foundation
import VDLWire

/// Checks caveats against a call. A caveat whose ID has no validator fails: an unknown caveat
/// never makes a blessing valid.
///
/// ```swift
/// let validators = CaveatValidators.standard.adding(myCaveatID) { param, call in
///     guard call.suffix.hasPrefix("public/") else { throw CaveatFailure("only public objects") }
/// }
/// ```
public struct CaveatValidators: Sendable {
    /// Decides whether a caveat holds for a call: returns normally or throws ``CaveatFailure``.
    public typealias Validator = @Sendable (_ param: [UInt8], _ call: SecurityCall) throws -> Void

    private var validators: [Security.CaveatID: Validator]

    /// Expiry, method and peer-blessings caveats.
    public static let standard = CaveatValidators(validators: [
        Security.expiryCaveat: validateExpiry,
        Security.methodCaveat: validateMethod,
        Security.peerBlessingsCaveat: validatePeerBlessings,
    ])

    /// These validators and one for `id` (replacing any it had).
    public func adding(_ id: Security.CaveatID, _ validator: @escaping Validator) -> CaveatValidators {
        var copy = self
        copy.validators[id] = validator
        return copy
    }

    /// Returns normally when `caveat` holds for `call`; throws ``CaveatFailure`` saying why not.
    public func validate(_ caveat: Security.Caveat, in call: SecurityCall) throws {
        guard let validator = validators[caveat.id] else {
            throw CaveatFailure("unknown caveat \(caveat.id.map { String($0, radix: 16) }.joined(separator: "."))")
        }
        do {
            try validator(caveat.param, call)
        } catch let failure as CaveatFailure {
            throw failure
        } catch {
            throw CaveatFailure("malformed caveat parameter: \(error)")
        }
    }

    private static func validateExpiry(_ param: [UInt8], _ call: SecurityCall) throws {
        let time = try Security.Time(serializedBytes: param)
        let deadline = time.date
        guard call.timestamp <= deadline else {
            throw CaveatFailure("expired at \(deadline.formatted(.iso8601))")
        }
    }

    private static func validateMethod(_ param: [UInt8], _ call: SecurityCall) throws {
        let allowed = try Security.MethodCaveatParam(serializedBytes: param).methods
        guard allowed.contains(call.method) else {
            let method = call.method.isEmpty ? "no method" : "method \(call.method)"
            throw CaveatFailure("valid only for methods [\(allowed.joined(separator: ", "))], not for \(method)")
        }
    }

    private static func validatePeerBlessings(_ param: [UInt8], _ call: SecurityCall) throws {
        let patterns = try Security.PeerBlessingsCaveatParam(serializedBytes: param).patterns
        let peerNames = call.localBlessings.names
        guard patterns.contains(where: { $0.matches(anyOf: peerNames) }) else {
            throw CaveatFailure("valid only with peers matching [\(patterns.map(\.rawValue).joined(separator: ", "))], not with [\(peerNames.joined(separator: ", "))]")
        }
    }
}

/// Why a caveat does not hold.
public struct CaveatFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Vanadium's default policy: a call is allowed when the caller is the same principal as the
/// server, or when one of the caller's valid blessing names and one of the server's names
/// extend one another (`alice` and `alice:phone` may call each other; `bob` may not).
public struct DefaultAuthorizer: Authorizer {
    public init() {}

    public func authorize(_ call: SecurityCall) throws {
        if let local = call.localBlessings.publicKey, local == call.remoteBlessings.publicKey { return }
        let remote = call.remoteBlessingNames()
        let local = call.localPrincipal.map { $0.names(of: call.localBlessings) } ?? []
        for name in remote.valid {
            for own in local where BlessingName.name(name, isOrExtends: own) || BlessingName.name(own, isOrExtends: name) {
                return
            }
        }
        throw SecurityError.noAccess("caller \(remote) and server [\(local.joined(separator: ", "))] do not extend one another")
    }
}

import VDLSecurity

/// SeekBlessings is open to everyone (the method checks the secret); Claim is open to callers
/// whose presented blessing names match the claimer pattern; every other method goes to the
/// admin authorizer.
///
/// An unclaimed agent recognizes no roots yet, so a claimer's names cannot be validated
/// against them: claiming trusts the first caller whose presented names match (trust on first
/// use), and should be done right after the agent starts.
struct ClusterAgentAuthorizer: Authorizer {
    let admin: any Authorizer
    let claimer: Access.BlessingPattern?

    func authorize(_ call: SecurityCall) throws {
        switch call.method {
        case "SeekBlessings":
            return
        case "Claim":
            guard let claimer else { throw SecurityError.noAccess("this agent takes no claims (it was started without --claimer)") }
            guard claimer.matches(anyOf: call.remoteBlessings.names), claimer.rawValue != "..." || !call.remoteBlessings.isEmpty else {
                throw SecurityError.noAccess("caller \(call.remoteBlessings) does not match the claimer pattern \(claimer.rawValue)")
            }
        default:
            try admin.authorize(call)
        }
    }
}

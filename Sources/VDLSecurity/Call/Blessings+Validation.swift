extension Blessings {
    /// The names valid in `call`: a chain's name is valid when `roots` recognize its root key for
    /// that name and every caveat of every certificate holds for the call.
    public func validNames(in call: SecurityCall, roots: BlessingRoots) -> BlessingNames {
        var result = BlessingNames(valid: [], rejected: [])
        for chain in chains {
            let name = Self.name(of: chain)
            if let reason = rejection(of: chain, name: name, in: call, roots: roots) {
                result.rejected.append(RejectedBlessing(name: name, reason: reason))
            } else if !result.valid.contains(name) {
                result.valid.append(name)
            }
        }
        return result
    }

    private func rejection(of chain: Security.Chain, name: String, in call: SecurityCall, roots: BlessingRoots) -> String? {
        guard let root = chain.certificates.first, let rootKey = try? PublicKey(rawRepresentation: root.publicKey) else {
            return "the chain has no root"
        }
        guard roots.recognizes(rootKey, for: name) else {
            return "its root key \(rootKey) is not recognized for \(name)"
        }
        for certificate in chain.certificates {
            for caveat in certificate.caveats {
                do {
                    try call.validators.validate(caveat, in: call)
                } catch {
                    return "caveat of \"\(certificate.extension)\": \(error)"
                }
            }
        }
        return nil
    }
}

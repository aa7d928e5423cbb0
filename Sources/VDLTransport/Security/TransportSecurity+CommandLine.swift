import VDLSecurity

extension TransportSecurity {
    /// The security a command gets from its flags: `--plaintext`, else the credentials of
    /// `--credentials` (or `$VDL_CREDENTIALS`), else a new in-memory principal self-blessed
    /// `ephemeralName`.
    public static func fromFlags(plaintext: Bool, credentials: String?, ephemeralName: String) throws -> TransportSecurity {
        if plaintext { return .plaintext }
        if let directory = Principal.credentialsDirectory(flag: credentials) {
            return .tls(try Principal.load(from: directory))
        }
        return .tls(try Principal.ephemeral(name: ephemeralName))
    }
}

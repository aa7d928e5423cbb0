extension KubernetesConfiguration: CustomStringConvertible {
    /// The server, namespace, source and kind of credentials, without any secret, so that a
    /// configuration can be logged.
    public var description: String {
        let credentials: String
        switch authorization {
        case .none: credentials = "no token"
        case .bearerToken: credentials = "bearer token"
        case .bearerTokenFile(let path): credentials = "bearer token from \(path)"
        case .basic(let username, _): credentials = "basic auth as \(username)"
        }
        var parts = [server, "namespace \(namespace)", credentials]
        if tls.clientCertificatePEM != nil { parts.append("client certificate") }
        if tls.certificateAuthorityPEM != nil { parts.append("custom CA") }
        if tls.insecureSkipVerify { parts.append("TLS verification off") }
        return parts.joined(separator: ", ") + " (\(source))"
    }
}

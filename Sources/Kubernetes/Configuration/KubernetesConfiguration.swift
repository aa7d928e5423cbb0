/// Where the API server is and how to authenticate to it: the result of reading a kubeconfig
/// file or the in-cluster service-account files, or built by hand.
public struct KubernetesConfiguration: Sendable {
    /// How requests prove who they come from (besides a TLS client certificate).
    public enum Authorization: Sendable, Hashable {
        /// No `Authorization` header.
        case none
        /// `Authorization: Bearer TOKEN`.
        case bearerToken(String)
        /// A bearer token read from a file, read again at most once a minute so that rotated
        /// service-account tokens are picked up.
        case bearerTokenFile(path: String)
        /// HTTP basic authentication.
        case basic(username: String, password: String)
    }

    /// TLS settings for an `https` server.
    public struct TLS: Sendable, Hashable {
        /// PEM certificates to trust instead of the system's roots (the cluster CA).
        public var certificateAuthorityPEM: [UInt8]?
        /// PEM certificate chain presented to the server.
        public var clientCertificatePEM: [UInt8]?
        /// PEM private key of ``clientCertificatePEM``.
        public var clientKeyPEM: [UInt8]?
        /// Skip verifying the server's certificate (`insecure-skip-tls-verify`).
        public var insecureSkipVerify: Bool
        /// The name to verify the server's certificate against, when not the URL's host.
        public var serverName: String?

        /// TLS settings; all empty means the system's trust roots and no client certificate.
        public init(
            certificateAuthorityPEM: [UInt8]? = nil, clientCertificatePEM: [UInt8]? = nil,
            clientKeyPEM: [UInt8]? = nil, insecureSkipVerify: Bool = false, serverName: String? = nil
        ) {
            self.certificateAuthorityPEM = certificateAuthorityPEM
            self.clientCertificatePEM = clientCertificatePEM
            self.clientKeyPEM = clientKeyPEM
            self.insecureSkipVerify = insecureSkipVerify
            self.serverName = serverName
        }
    }

    /// The API server's base URL, e.g. `https://10.0.0.1:6443` (a path prefix is kept).
    public var server: String
    /// The namespace used when a call names none (the context's, else `default`).
    public var namespace: String
    /// How requests are authorized.
    public var authorization: Authorization
    /// TLS settings, used when ``server`` is `https`.
    public var tls: TLS
    /// Where this configuration came from, for messages (e.g. `kubeconfig /root/.kube/config,
    /// context kind`).
    public var source: String
    /// The time limit for one request other than a watch.
    public var requestTimeout: Duration

    /// A configuration built by hand.
    public init(
        server: String, namespace: String = "default", authorization: Authorization = .none, tls: TLS = TLS(),
        source: String = "explicit configuration", requestTimeout: Duration = .seconds(30)
    ) {
        self.server = server
        self.namespace = namespace
        self.authorization = authorization
        self.tls = tls
        self.source = source
        self.requestTimeout = requestTimeout
    }
}

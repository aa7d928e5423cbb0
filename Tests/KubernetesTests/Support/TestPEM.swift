/// A throwaway test PKI (EC P-256, valid until 2126), made with openssl for these tests only:
/// kubeconfig parsing and the TLS tests against `tls_server.py` on 127.0.0.1.
enum TestPEM {
    /// The test CA (CN=vdl-test-ca), which signed the two certificates below.
    static let ca = """
        -----BEGIN CERTIFICATE-----
        MIIBkjCCATmgAwIBAgIUKb2cmjcStqvIjuUxntrlVyQyFfAwCgYIKoZIzj0EAwIw
        FjEUMBIGA1UEAwwLdmRsLXRlc3QtY2EwIBcNMjYxMTIyMDAzMzMyWhgPMjEyNjEw
        MjkwMDMzMzJaMBYxFDASBgNVBAMMC3ZkbC10ZXN0LWNhMFkwEwYHKoZIzj0CAQYI
        KoZIzj0DAQcDQgAEdowjYdvFVSwD5RAgZqLZNplBp59NLGJNtJ7nZ/ZNrDue89oQ
        R+MBRITazO+20J9hekjepz9IC7vtq5p9Yx1hBqNjMGEwHQYDVR0OBBYEFPrXkJWL
        F/XB4pesrCldnjWzomkJMB8GA1UdIwQYMBaAFPrXkJWLF/XB4pesrCldnjWzomkJ
        MA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMAoGCCqGSM49BAMCA0cA
        MEQCIGwhlA6/BoTNr6vKz6eBZIhVkg0CBpziUD0lZKpI7c5DAiBuhqiiReUMkXhz
        UC4ZGPRdcQQm0IYTpH+HpZhkVGVBXg==
        -----END CERTIFICATE-----

        """

    /// The server certificate for 127.0.0.1 and localhost.
    static let serverCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBqzCCAVKgAwIBAgIUdkO8mzrSG3QgnhiWJffMk2rer5kwCgYIKoZIzj0EAwIw
        FjEUMBIGA1UEAwwLdmRsLXRlc3QtY2EwIBcNMjYxMTIyMDAzMzMyWhgPMjEyNjEw
        MjkwMDMzMzJaMBQxEjAQBgNVBAMMCTEyNy4wLjAuMTBZMBMGByqGSM49AgEGCCqG
        SM49AwEHA0IABG4RiS2vJs8uuYKZrUOtTE6jFKNU1mvitpjS8yBTW8F22UdDx7JI
        XVJhqxsZVoSA2kgD2DU0c3IJBT4iT7WzUyWjfjB8MBoGA1UdEQQTMBGHBH8AAAGC
        CWxvY2FsaG9zdDATBgNVHSUEDDAKBggrBgEFBQcDATAJBgNVHRMEAjAAMB0GA1Ud
        DgQWBBRBC+WOPyBcz3dVF7mNPbdJvkU3/zAfBgNVHSMEGDAWgBT615CVixf1weKX
        rKwpXZ41s6JpCTAKBggqhkjOPQQDAgNHADBEAiA81D9/3XVW5yHxdGnbA/SY0qhU
        t8iOK5AAQTERuhGXYAIgBDh0gufTWwmYVh84Cj8LRR8bDZs6xzkmNi8DG5XlJKc=
        -----END CERTIFICATE-----

        """

    /// The key of ``serverCertificate``.
    static let serverKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgr/zWbxBD05kV5+9V
        tZi0cyLWAqudKwb1+gLJAaxcP8OhRANCAARuEYktrybPLrmCma1DrUxOoxSjVNZr
        4raY0vMgU1vBdtlHQ8eySF1SYasbGVaEgNpIA9g1NHNyCQU+Ik+1s1Ml
        -----END PRIVATE KEY-----

        """

    /// A client certificate (O=system:masters, CN=vdl-test-user).
    static let clientCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBrDCCAVOgAwIBAgIUdkO8mzrSG3QgnhiWJffMk2rer5owCgYIKoZIzj0EAwIw
        FjEUMBIGA1UEAwwLdmRsLXRlc3QtY2EwIBcNMjYxMTIyMDAzMzMyWhgPMjEyNjEw
        MjkwMDMzMzJaMDExFzAVBgNVBAoMDnN5c3RlbTptYXN0ZXJzMRYwFAYDVQQDDA12
        ZGwtdGVzdC11c2VyMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEcbA0RxIE/ngY
        NeBA5utqlaTT/pSpljXpBjuLZ64WNk2ycjUS0NjcJXaR8FSGsBK4rPv7iRd3dNH7
        XUWCzRuLLKNiMGAwEwYDVR0lBAwwCgYIKwYBBQUHAwIwCQYDVR0TBAIwADAdBgNV
        HQ4EFgQUvm9T1H4QXSTB0Soadgi92R7QdXwwHwYDVR0jBBgwFoAU+teQlYsX9cHi
        l6ysKV2eNbOiaQkwCgYIKoZIzj0EAwIDRwAwRAIgYueGsas0mnVt6riJd28tGNgE
        ic3MtYiRlp0T9jkD51UCIBLeZ41EoWVyj49v3n2nLS2Jv2hWp2QVaOae74mGHmKg
        -----END CERTIFICATE-----

        """

    /// The key of ``clientCertificate``.
    static let clientKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/G+KCvdxkaxdzU+P
        EEtrBggfZz1M5PtmBEQTZyAZPeShRANCAARxsDRHEgT+eBg14EDm62qVpNP+lKmW
        NekGO4tnrhY2TbJyNRLQ2NwldpHwVIawEris+/uJF3d00ftdRYLNG4ss
        -----END PRIVATE KEY-----

        """
}

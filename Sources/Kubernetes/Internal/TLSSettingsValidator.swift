import NIOSSL

/// Checks PEM material when a configuration is read, so that a bad certificate is reported
/// with the file and field it came from rather than at the first request.
enum TLSSettingsValidator {
    static func validateCertificates(_ pem: [UInt8], source: String, field: String) throws {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(pem)
        } catch {
            throw ConfigurationError(source: source, field: field, message: "not a PEM certificate (\(error))")
        }
        if certificates.isEmpty {
            throw ConfigurationError(source: source, field: field, message: "holds no PEM certificate")
        }
    }

    static func validatePrivateKey(_ pem: [UInt8], source: String, field: String) throws {
        do {
            _ = try NIOSSLPrivateKey(bytes: pem, format: .pem)
        } catch {
            throw ConfigurationError(source: source, field: field, message: "not a PEM private key (\(error))")
        }
    }
}

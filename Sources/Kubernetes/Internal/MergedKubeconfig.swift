import Foundation

/// Kubeconfig entries from one or more files, each remembering the file it came from.
struct MergedKubeconfig {
    struct Entry<Value> {
        var value: Value
        var path: String
        var directory: String { (path as NSString).deletingLastPathComponent }
    }

    var paths: [String] = []
    var currentContext: Entry<String>?
    var clusters: [String: Entry<KubeconfigFile.Cluster>] = [:]
    var users: [String: Entry<KubeconfigFile.User>] = [:]
    var contexts: [String: Entry<KubeconfigFile.Context>] = [:]

    mutating func add(_ file: KubeconfigFile, path: String) {
        paths.append(path)
        if currentContext == nil, let name = file.currentContext, !name.isEmpty {
            currentContext = Entry(value: name, path: path)
        }
        for entry in file.clusters ?? [] where clusters[entry.name] == nil {
            clusters[entry.name] = Entry(value: entry.cluster ?? .init(), path: path)
        }
        for entry in file.users ?? [] where users[entry.name] == nil {
            users[entry.name] = Entry(value: entry.user ?? .init(), path: path)
        }
        for entry in file.contexts ?? [] where contexts[entry.name] == nil {
            contexts[entry.name] = Entry(value: entry.context ?? .init(), path: path)
        }
    }

    private var sourceName: String { "kubeconfig " + paths.joined(separator: ":") }

    func resolve(context explicitContext: String?) throws -> KubernetesConfiguration {
        guard let contextName = explicitContext ?? currentContext?.value else {
            throw ConfigurationError(
                source: sourceName, field: "current-context",
                message: "no current-context is set and no context was given")
        }
        guard let context = contexts[contextName] else {
            let known = contexts.keys.sorted().joined(separator: ", ")
            throw ConfigurationError(
                source: sourceName, field: "contexts",
                message: "context \"\(contextName)\" not found (contexts: \(known.isEmpty ? "none" : known))")
        }
        let contextField = "contexts[\(contextName)].context"
        guard let clusterName = context.value.cluster, !clusterName.isEmpty else {
            throw ConfigurationError(
                source: "kubeconfig \(context.path)", field: "\(contextField).cluster", message: "no cluster is named")
        }
        guard let cluster = clusters[clusterName] else {
            throw ConfigurationError(
                source: "kubeconfig \(context.path)", field: "\(contextField).cluster",
                message: "unknown cluster \"\(clusterName)\"")
        }
        var configuration = try Self.clusterSettings(cluster, name: clusterName)
        if let userName = context.value.user, !userName.isEmpty {
            guard let user = users[userName] else {
                throw ConfigurationError(
                    source: "kubeconfig \(context.path)", field: "\(contextField).user",
                    message: "unknown user \"\(userName)\"")
            }
            try Self.apply(user, name: userName, to: &configuration)
        }
        if let namespace = context.value.namespace, !namespace.isEmpty {
            configuration.namespace = namespace
        }
        configuration.source = "\(sourceName), context \(contextName)"
        return configuration
    }

    private static func clusterSettings(
        _ cluster: Entry<KubeconfigFile.Cluster>, name: String
    ) throws -> KubernetesConfiguration {
        let source = "kubeconfig \(cluster.path)"
        let field = "clusters[\(name)].cluster"
        guard let server = cluster.value.server, !server.isEmpty else {
            throw ConfigurationError(source: source, field: "\(field).server", message: "no server is set")
        }
        guard server.hasPrefix("https://") || server.hasPrefix("http://") else {
            throw ConfigurationError(
                source: source, field: "\(field).server", message: "\"\(server)\" is not an http(s) URL")
        }
        var tls = KubernetesConfiguration.TLS(
            insecureSkipVerify: cluster.value.insecureSkipTLSVerify ?? false,
            serverName: cluster.value.tlsServerName)
        if let ca = try readPEM(
            data: cluster.value.certificateAuthorityData, dataField: "\(field).certificate-authority-data",
            file: cluster.value.certificateAuthority, fileField: "\(field).certificate-authority", entry: cluster)
        {
            try TLSSettingsValidator.validateCertificates(ca.bytes, source: source, field: ca.field)
            tls.certificateAuthorityPEM = ca.bytes
        }
        return KubernetesConfiguration(server: server, tls: tls)
    }

    private static func apply(
        _ user: Entry<KubeconfigFile.User>, name: String, to configuration: inout KubernetesConfiguration
    ) throws {
        let source = "kubeconfig \(user.path)"
        let field = "users[\(name)].user"
        let settings = user.value
        if settings.exec != nil || settings.authProvider != nil {
            throw ConfigurationError(
                source: source, field: settings.exec != nil ? "\(field).exec" : "\(field).auth-provider",
                message: "credential plugins are not supported; use a token, tokenFile or client certificate")
        }

        let certificate = try readPEM(
            data: settings.clientCertificateData, dataField: "\(field).client-certificate-data",
            file: settings.clientCertificate, fileField: "\(field).client-certificate", entry: user)
        let key = try readPEM(
            data: settings.clientKeyData, dataField: "\(field).client-key-data",
            file: settings.clientKey, fileField: "\(field).client-key", entry: user)
        switch (certificate, key) {
        case (let certificate?, let key?):
            try TLSSettingsValidator.validateCertificates(certificate.bytes, source: source, field: certificate.field)
            try TLSSettingsValidator.validatePrivateKey(key.bytes, source: source, field: key.field)
            configuration.tls.clientCertificatePEM = certificate.bytes
            configuration.tls.clientKeyPEM = key.bytes
        case (.some, nil):
            throw ConfigurationError(
                source: source, field: "\(field).client-key", message: "a client certificate is given without its key")
        case (nil, .some):
            throw ConfigurationError(
                source: source, field: "\(field).client-certificate",
                message: "a client key is given without its certificate")
        case (nil, nil):
            break
        }

        if let token = settings.token, !token.isEmpty {
            configuration.authorization = .bearerToken(token)
        } else if let tokenFile = settings.tokenFile, !tokenFile.isEmpty {
            let path = resolve(tokenFile, against: user.directory)
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw ConfigurationError(
                    source: source, field: "\(field).tokenFile", message: "cannot read \(path)")
            }
            configuration.authorization = .bearerTokenFile(path: path)
        } else if let username = settings.username, let password = settings.password {
            configuration.authorization = .basic(username: username, password: password)
        }
    }

    /// PEM material and the kubeconfig field it came from.
    private struct PEM {
        var bytes: [UInt8]
        var field: String
    }

    /// The PEM bytes of a `*-data` field (base64), or else of the file a file field names.
    private static func readPEM<Value>(
        data: String?, dataField: String, file: String?, fileField: String, entry: Entry<Value>
    ) throws -> PEM? {
        if let data, !data.isEmpty {
            guard let decoded = Data(base64Encoded: data.filter { !$0.isWhitespace }) else {
                throw ConfigurationError(
                    source: "kubeconfig \(entry.path)", field: dataField, message: "not valid base64")
            }
            return PEM(bytes: [UInt8](decoded), field: dataField)
        }
        if let file, !file.isEmpty {
            let path = resolve(file, against: entry.directory)
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError(
                    source: "kubeconfig \(entry.path)", field: fileField, message: "cannot read \(path)")
            }
            return PEM(bytes: [UInt8](contents), field: fileField)
        }
        return nil
    }

    /// A path from a kubeconfig, made absolute against the kubeconfig's directory.
    private static func resolve(_ path: String, against directory: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") {
            return (NSHomeDirectory() as NSString).appendingPathComponent(String(path.dropFirst(2)))
        }
        return ((directory.isEmpty ? "." : directory) as NSString).appendingPathComponent(path)
    }
}

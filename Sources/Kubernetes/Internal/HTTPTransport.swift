import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// Sends requests to the API server over async-http-client and turns failed answers into
/// ``KubernetesError``s.
final class HTTPTransport: Sendable {
    /// The largest response body read into memory (lists of many objects can be big).
    static let maximumBodySize = 64 << 20

    private let http: HTTPClient
    private let baseURL: String
    private let authorization: KubernetesConfiguration.Authorization
    private let tokenFile: TokenFileCache?
    private let requestTimeout: Duration

    init(configuration: KubernetesConfiguration) throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        let settings = configuration.tls
        do {
            if let ca = settings.certificateAuthorityPEM {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
            }
            if let certificate = settings.clientCertificatePEM, let key = settings.clientKeyPEM {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
            }
        } catch {
            throw ConfigurationError(
                source: configuration.source, field: "tls", message: "unusable certificate or key (\(error))")
        }
        if settings.insecureSkipVerify {
            tls.certificateVerification = .none
        }
        var httpConfiguration = HTTPClient.Configuration(tlsConfiguration: tls)
        httpConfiguration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10))
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration)

        var base = configuration.server
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.authorization = configuration.authorization
        if case .bearerTokenFile(let path) = configuration.authorization {
            self.tokenFile = TokenFileCache(path: path)
        } else {
            self.tokenFile = nil
        }
        self.requestTimeout = configuration.requestTimeout
    }

    func shutdown() async throws {
        try await http.shutdown()
    }

    /// Sends a request and returns the JSON body of a successful answer.
    ///
    /// - Throws: ``KubernetesError`` for an answer outside 2xx or a body that is not JSON;
    ///   async-http-client's errors when the server cannot be reached.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        contentType: String = "application/json"
    ) async throws -> JSONValue {
        let request = try await makeRequest(method, path, query: query, body: body, contentType: contentType)
        let response = try await http.execute(request, timeout: TimeAmount(requestTimeout))
        let bytes = Array(buffer: try await response.body.collect(upTo: Self.maximumBodySize))
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            throw KubernetesError(statusCode: status, body: bytes, method: method.rawValue, path: path)
        }
        do {
            return try JSONValue(jsonData: bytes)
        } catch {
            throw KubernetesError(
                statusCode: status, reason: .invalidResponse,
                message: "the body is not JSON: \(KubernetesError.excerpt(of: bytes))",
                method: method.rawValue, path: path)
        }
    }

    /// Starts a streaming GET (a watch) and returns the response once its head arrived.
    func stream(_ path: String, query: [(String, String)]) async throws -> HTTPClientResponse {
        let request = try await makeRequest(.GET, path, query: query, body: nil, contentType: "application/json")
        let response = try await http.execute(request, timeout: TimeAmount(requestTimeout))
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let bytes = Array(buffer: try await response.body.collect(upTo: 1 << 20))
            throw KubernetesError(statusCode: status, body: bytes, method: "GET", path: path)
        }
        return response
    }

    private func makeRequest(
        _ method: HTTPMethod, _ path: String, query: [(String, String)], body: JSONValue?, contentType: String
    ) async throws -> HTTPClientRequest {
        var url = baseURL + path
        if !query.isEmpty { url += "?" + PathComponent.query(query) }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "swift-vdl-kubernetes/1")
        if let header = try await authorizationHeader() {
            request.headers.add(name: "Authorization", value: header)
        }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: try body.jsonData()))
        }
        return request
    }

    private func authorizationHeader() async throws -> String? {
        switch authorization {
        case .none:
            return nil
        case .bearerToken(let token):
            return "Bearer \(token)"
        case .bearerTokenFile:
            guard let tokenFile else { return nil }
            return "Bearer \(try tokenFile.token())"
        case .basic(let username, let password):
            return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        }
    }
}

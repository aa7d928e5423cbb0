import Foundation
import Testing
import VDLReflection
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// Every server answers `__Signature`; `vrpc` builds on it and on the server's identity.
@Suite struct SignatureTests {
    /// Read for root:alice, Write for nobody: signatures need Read.
    static let permissions: Access.Permissions = ["Read": Access.AccessList(in: ["root:alice"])]

    private func transport(_ principal: Principal, _ address: ServerAddress) -> RPCClient {
        var configuration = RPCClientConfiguration()
        configuration.maxAttempts = 1
        return RPCClient(target: address, security: .tls(principal), configuration: configuration)
    }

    @Test func aServerAnswersSignatureWithEveryInterfaceItServesOverTLS() async throws {
        let root = try Principal.ephemeral(name: "root")
        let server = try root.delegate("server")
        let services = [Fortune.Fortune.registration(TestFortunes()), Features.Store.registration(TestStore())]
        try await withServer(services: services, security: .tls(server), authorizer: .permissions(Self.permissions)) { _, address in
            let alice = transport(try root.delegate("alice"), address)
            let signature = try await alice.signature()
            #expect(signature == [Fortune.Fortune.descriptor, Features.Store.descriptor])
            let add = try #require(signature.first?.method(named: "examples/fortune.Fortune/Add"))
            #expect(add.doc == "Add stores a fortune.")
            #expect(add.tags(of: Access.Tag.self) == [Access.write])
            #expect(signature.last?.type(named: "testing/features.Everything")?.field(named: "Pinned")?.number == 100)

            // Reading the signature needs Read access, like any Read method.
            let refused = await vdlError { _ = try await transport(try root.delegate("mallory"), address).signature() }
            #expect(refused?.id == StandardErrors.noAccessID)
            #expect(refused?.message.contains("__Signature") == true)

            // The server's identity: its blessings, valid for a client that trusts root, and its key.
            let identity = try #require(try await alice.serverIdentity())
            #expect(identity.names.valid == ["root:server"])
            #expect(identity.publicKey == server.publicKey)
            #expect(identity.publicKeyHex.count == 64)
            await alice.close()
        }
    }

    @Test func aPlaintextServerAnswersSignatureAndHasNoIdentity() async throws {
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes())]) { _, address in
            let client = RPCClient(target: address, security: .plaintext)
            let services = try await client.signature()
            #expect(services == [Fortune.Fortune.descriptor])
            #expect(try await client.serverIdentity() == nil)
            await client.close()
        }
    }

    /// What `vrpc call` does: arguments from JSON through the signature, results back to JSON.
    @Test func aMethodCalledThroughTheSignatureBehavesLikeTheGeneratedClient() async throws {
        let store = TestStore()
        try await withServer(services: [Fortune.Fortune.registration(TestFortunes()), Features.Store.registration(store)]) { _, address in
            let client = RPCClient(target: address, security: .plaintext)
            let services = try await client.signature()
            let codec = DynamicCodec(services: services)
            func call(_ name: String, _ arguments: [JSONValue], items: [JSONValue] = []) async throws -> (results: [JSONValue], stream: [JSONValue]) {
                let method = try #require(services.flatMap(\.methods).first { $0.name == name })
                let request = try codec.encodeArguments(arguments, for: method)
                let (received, response) = try await client.call(CallRequest(method: method, object: "", options: CallOptions()), arguments: request) { stream in
                    if let type = method.inStream {
                        for item in items { try await stream.send(try codec.encodeStreamItem(item, as: type)) }
                        try await stream.closeSend()
                    }
                    var received: [JSONValue] = []
                    if let type = method.outStream {
                        while let item = try await stream.receive() { received.append(try codec.decodeStreamItem(item, as: type)) }
                    }
                    return received
                }
                return (try codec.decodeResults(response, for: method), received)
            }
            #expect(try await call("Add", [.string("hello")]).results == [])
            #expect(try await call("Has", [.string("hello")]).results == [.bool(true)])
            #expect(try await call("Has", [.string("other")]).results == [.bool(false)])
            #expect(try await call("Get", []).results == [.string("hello")])
            let lookup = try await call("Lookup", [.string("k")]).results
            #expect(lookup.first?["S"] == .string("k"))
            #expect(lookup.last == .bool(true))
            let points = try ["{\"X\": 2}", "{\"X\": 3, \"Y\": 1}"].map { try JSONValue(parsing: $0) }
            #expect(try await call("Upload", [], items: points).results == [.number("5")])
            let watched = try await call("Watch", [.string("w:2")]).stream
            #expect(watched == [.object([(key: "Label", value: .string("w:2-0"))]), .object([(key: "Label", value: .string("w:2-1"))])])
            #expect(try await call("Chat", [], items: [.string("hi")]).stream == [.string("HI")])
            await client.close()
        }
    }
}

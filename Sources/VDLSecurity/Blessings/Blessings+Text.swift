import Foundation
import VDLWire

extension Blessings {
    /// The portable text form: base64url (no padding) of the protobuf encoding of
    /// ``Security/WireBlessings``, as `principal bless` writes it.
    public func base64URLEncoded() throws -> String {
        Data(try wire.serializedBytes()).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads the text form of ``base64URLEncoded()`` and checks the blessings.
    public init(base64URLEncoded text: String) throws {
        var base64 = text.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else {
            throw SecurityError.invalidBlessings("the text is not base64url")
        }
        let wire: Security.WireBlessings
        do {
            wire = try Security.WireBlessings(serializedBytes: Array(data))
        } catch {
            throw SecurityError.invalidBlessings("the text does not decode as blessings: \(error)")
        }
        try self.init(wire: wire)
    }
}

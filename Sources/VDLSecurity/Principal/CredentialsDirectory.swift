import Foundation
import VDLWire

/// The files of a credentials directory:
///
/// - `privatekey.pem`: the Ed25519 key as PKCS#8 PEM, mode 0600; refused when group or others
///   can read or write it.
/// - `blessings.vdlsig`, `roots.vdlsig`: ``Security/SignedFile``s holding the blessing store and
///   the roots, signed by the key, so changes made behind the principal's back are detected.
///
/// Every file is written atomically (a temporary file, fsync, rename).
struct CredentialsDirectory: Sendable {
    enum Kind: String {
        case blessings, roots
        var fileName: String { "\(rawValue).vdlsig" }
    }

    static let privateKeyFile = "privatekey.pem"

    let path: String
    let key: PrivateKey

    /// Makes the directory (0700) and writes the key and empty state files; refuses an existing key.
    func create() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw SecurityError.credentials("\(path) exists and is not a directory") }
            guard !FileManager.default.fileExists(atPath: file(Self.privateKeyFile)) else {
                throw SecurityError.credentials("\(path) already holds a principal (\(Self.privateKeyFile) exists)")
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw SecurityError.credentials("cannot create \(path): \(error.localizedDescription)")
            }
        }
        try Self.writeAtomically(Array(key.pemRepresentation.utf8), to: file(Self.privateKeyFile))
        try write(Security.StoredBlessings(), kind: .blessings)
        try write(Security.StoredRoots(), kind: .roots)
    }

    /// Signs and writes one state file.
    func write<M: VDLMessage>(_ state: M, kind: Kind) throws {
        let data = try state.serializedBytes()
        let signature = try key.signature(for: Self.signedBytes(kind: kind, data: data))
        let file = Security.SignedFile(kind: kind.rawValue, data: data, signature: signature)
        try Self.writeAtomically(try file.serializedBytes(), to: self.file(kind.fileName))
    }

    static func load(path: String) throws -> (PrivateKey, Security.StoredBlessings, Security.StoredRoots) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SecurityError.credentials("\(path) does not exist (create credentials with `principal create \(path) NAME`)")
        }
        guard isDirectory.boolValue else { throw SecurityError.credentials("\(path) is not a directory") }
        let keyPath = (path as NSString).appendingPathComponent(privateKeyFile)
        try checkPrivate(keyPath)
        let key: PrivateKey
        do {
            key = try PrivateKey(pemRepresentation: String(decoding: try read(keyPath), as: UTF8.self))
        } catch let error as SecurityError {
            throw SecurityError.credentials("\(keyPath) is corrupted: \(error)")
        }
        let directory = CredentialsDirectory(path: path, key: key)
        let blessings: Security.StoredBlessings = try directory.read(.blessings)
        let roots: Security.StoredRoots = try directory.read(.roots)
        return (key, blessings, roots)
    }

    private func read<M: VDLMessage>(_ kind: Kind) throws -> M {
        let path = file(kind.fileName)
        let signed: Security.SignedFile
        do {
            signed = try Security.SignedFile(serializedBytes: try Self.read(path))
        } catch let error as SecurityError {
            throw error
        } catch {
            throw SecurityError.credentials("\(path) is corrupted: \(error)")
        }
        guard signed.kind == kind.rawValue,
              key.publicKey.isValidSignature(signed.signature, for: Self.signedBytes(kind: kind, data: signed.data)) else {
            throw SecurityError.credentials("\(path) was modified or belongs to another principal: its signature does not match the key in \(Self.privateKeyFile)")
        }
        do {
            return try M(serializedBytes: signed.data)
        } catch {
            throw SecurityError.credentials("\(path) is corrupted: \(error)")
        }
    }

    private func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    private static func signedBytes(kind: Kind, data: [UInt8]) -> [UInt8] {
        Array(Security.credentialsSigningPurpose.utf8) + Array(kind.rawValue.utf8) + [0] + data
    }

    private static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SecurityError.credentials("\(path) is missing or unreadable")
        }
        return Array(data)
    }

    /// Refuses a key file that group or others may read or write.
    private static func checkPrivate(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw SecurityError.credentials("\(path) is missing or unreadable (errno \(errno))")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw SecurityError.credentials("\(path) is accessible to group or others (mode \(String(mode, radix: 8))); run `chmod 600 \(path)`")
        }
    }

    /// Writes `bytes` to a temporary file (mode 0600) beside `path`, syncs it and renames it over `path`.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        do {
            try AtomicFile.write(bytes, to: path)
        } catch let error as AtomicFile.WriteError {
            throw SecurityError.credentials(error.description)
        }
    }
}

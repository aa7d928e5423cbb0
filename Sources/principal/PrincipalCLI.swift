import ArgumentParser
import Foundation
import VDLSecurity
import VDLWire

/// `principal`: create and inspect credentials directories, bless other principals, choose the
/// blessings to present and the roots to trust. Output is line-oriented `key: value` text (or
/// a blessing's base64url text form) so scripts can read it.
@main
struct PrincipalCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "principal",
        abstract: "Manage the credentials of a swift-vdl principal.",
        discussion: """
            The credentials directory is --credentials DIR, else $\(Principal.credentialsEnvironmentVariable). \
            Blessings are read and written in their portable text form (base64url); a BLESSINGS \
            argument is a file holding that text, the text itself, or - for standard input.
            """,
        subcommands: [Create.self, Dump.self, Bless.self, BlessSelf.self, Set.self, Recognize.self, Get.self, DumpBlessings.self])
}

/// The `--credentials` option shared by the commands that use an existing principal.
struct CredentialsOption: ParsableArguments {
    @Option(help: "The credentials directory (default: $\(Principal.credentialsEnvironmentVariable)).")
    var credentials: String?

    func load() throws -> Principal {
        guard let directory = Principal.credentialsDirectory(flag: credentials) else {
            throw ValidationError("no credentials: pass --credentials DIR or set \(Principal.credentialsEnvironmentVariable)")
        }
        return try Principal.load(from: directory)
    }
}

extension PrincipalCLI {
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a credentials directory with a new key, self-blessed as NAME.",
            discussion: "NAME becomes the default blessing, is presented to all peers, and its root is recognized.")
        @Argument(help: "The directory to create (it must not hold a principal yet).") var directory: String
        @Argument(help: "The name of the self-blessing.") var name: String

        func run() throws {
            let principal = try Principal.create(in: directory, name: name)
            print("public-key: \(principal.publicKey.hex)")
            print("fingerprint: \(principal.publicKey.fingerprint)")
            print("default: \(principal.blessingStore.defaultBlessings)")
        }
    }

    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the key, the blessing store and the recognized roots.")
        @OptionGroup var credentials: CredentialsOption

        func run() throws {
            let principal = try credentials.load()
            print("public-key: \(principal.publicKey.hex)")
            print("fingerprint: \(principal.publicKey.fingerprint)")
            print("default: \(principal.blessingStore.defaultBlessings)")
            for (pattern, blessings) in principal.blessingStore.peerBlessings.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                print("peer: \(pattern) \(blessings)")
            }
            for root in principal.roots.entries {
                print("root: \(root.key.fingerprint) \(root.patterns.map(\.rawValue).joined(separator: ","))")
            }
        }
    }

    struct Bless: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bless another principal's key as an extension of this principal's blessings.",
            discussion: "Writes the new blessings' text form to standard output (or --output).")
        @OptionGroup var credentials: CredentialsOption
        @Argument(help: "Whom to bless: a credentials directory, or a public key as 64 hex digits (as `principal get publickey` prints it).")
        var target: String
        @Argument(help: "The extension (bob blessed by alice with extension friend becomes alice:friend).")
        var `extension`: String
        @Option(help: "BLESSINGS of this principal to extend (default: its default blessings).") var with: String?
        @OptionGroup var caveats: CaveatOptions
        @Option(help: "Write the blessings to this file instead of standard output.") var output: String?

        func run() throws {
            let principal = try credentials.load()
            let with = try self.with.map(readBlessings) ?? principal.blessingStore.defaultBlessings
            let key = try publicKey(of: target)
            let blessings = try principal.bless(key, with: with, extension: `extension`, caveats: try caveats.caveats())
            try write(try blessings.base64URLEncoded(), to: output)
        }
    }

    struct BlessSelf: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "blessself",
            abstract: "Create a new root blessing of this principal's own key, and print it.",
            discussion: "The blessing is not stored; use `principal set default` to present it.")
        @OptionGroup var credentials: CredentialsOption
        @Argument(help: "The name.") var name: String
        @OptionGroup var caveats: CaveatOptions

        func run() throws {
            let principal = try credentials.load()
            print(try principal.blessSelf(name, caveats: try caveats.caveats()).base64URLEncoded())
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Choose the blessings to present.", subcommands: [Default.self, ForPeer.self])

        struct Default: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Make BLESSINGS the default.")
            @OptionGroup var credentials: CredentialsOption
            @Argument(help: "The blessings.") var blessings: String
            @Flag(help: "Also recognize the roots of the blessings.") var addToRoots = false

            func run() throws {
                let principal = try credentials.load()
                let blessings = try readBlessings(blessings)
                try principal.blessingStore.setDefault(blessings)
                if addToRoots { try principal.roots.recognize(blessings) }
                print("default: \(blessings)")
            }
        }

        struct ForPeer: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "forpeer", abstract: "Present BLESSINGS to peers matching PATTERN (empty text removes the entry).")
            @OptionGroup var credentials: CredentialsOption
            @Argument(help: "The blessings.") var blessings: String
            @Argument(help: "The peer pattern (`...` for everyone).") var pattern: String
            @Flag(help: "Also recognize the roots of the blessings.") var addToRoots = false

            func run() throws {
                let principal = try credentials.load()
                let blessings = try readBlessings(blessings)
                try principal.blessingStore.set(blessings, forPeers: Access.BlessingPattern(rawValue: pattern))
                if addToRoots { try principal.roots.recognize(blessings) }
                print("peer: \(pattern) \(blessings)")
            }
        }
    }

    struct Recognize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Trust a root: the roots of BLESSINGS (each for the names under its extension), or KEY for PATTERN.")
        @OptionGroup var credentials: CredentialsOption
        @Argument(help: "BLESSINGS, or a public key (64 hex digits).") var source: String
        @Argument(help: "With a key: the pattern of names it may vouch for.") var pattern: String?

        func run() throws {
            let principal = try credentials.load()
            if let pattern {
                let key = try publicKey(of: source)
                try principal.roots.add(key, for: Access.BlessingPattern(rawValue: pattern))
                print("root: \(key.fingerprint) \(pattern)")
            } else {
                let blessings = try readBlessings(source)
                try principal.roots.recognize(blessings)
                for chain in blessings.chains {
                    guard let root = chain.certificates.first, let key = try? PublicKey(rawRepresentation: root.publicKey) else { continue }
                    print("root: \(key.fingerprint) \(root.extension)")
                }
            }
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one thing: default, forpeer NAME..., publickey, names, peermap or recognizedroots.")
        @OptionGroup var credentials: CredentialsOption
        @Argument(help: "default | forpeer | publickey | names | peermap | recognizedroots") var what: String
        @Argument(help: "For forpeer: the peer's blessing names.") var peerNames: [String] = []

        func run() throws {
            let principal = try credentials.load()
            switch what {
            case "default": print(try principal.blessingStore.defaultBlessings.base64URLEncoded())
            case "forpeer": print(try principal.blessingStore.forPeer(peerNames).base64URLEncoded())
            case "publickey": print(principal.publicKey.hex)
            case "names": principal.names(of: principal.blessingStore.defaultBlessings).forEach { print($0) }
            case "peermap":
                for (pattern, blessings) in principal.blessingStore.peerBlessings.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    print("\(pattern) \(blessings)")
                }
            case "recognizedroots":
                for root in principal.roots.entries {
                    print("\(root.key.hex) \(root.patterns.map(\.rawValue).joined(separator: ","))")
                }
            default:
                throw ValidationError("unknown item \"\(what)\": use default, forpeer, publickey, names, peermap or recognizedroots")
            }
        }
    }

    struct DumpBlessings: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dumpblessings", abstract: "Print the names, key and certificates of BLESSINGS.")
        @Argument(help: "The blessings.") var blessings: String

        func run() throws {
            let blessings = try readBlessings(blessings)
            print("public-key: \(blessings.publicKey?.hex ?? "")")
            for (index, chain) in blessings.chains.enumerated() {
                print("chain: \(index) \(blessings.names[index])")
                for certificate in chain.certificates {
                    let key = (try? PublicKey(rawRepresentation: certificate.publicKey))?.fingerprint ?? "?"
                    print("certificate: \(certificate.extension) \(key) caveats=\(certificate.caveats.count)")
                }
            }
        }
    }
}

/// Caveats for `bless` and `blessself`.
struct CaveatOptions: ParsableArguments {
    @Option(name: .customLong("for"), help: "Expire after this long (e.g. 90s, 30m, 12h, 7d).") var duration: String?
    @Option(help: "Valid only for these methods (comma-separated names, e.g. Get,Has).") var methods: String?
    @Option(help: "Valid only with peers matching these patterns (comma-separated).") var peers: String?

    func caveats() throws -> [Security.Caveat] {
        var caveats: [Security.Caveat] = []
        if let duration { caveats.append(try .expiry(after: try parseDuration(duration))) }
        if let methods { caveats.append(try .method(methods.split(separator: ",").map(String.init))) }
        if let peers { caveats.append(try .peerBlessings(peers.split(separator: ",").map { Access.BlessingPattern(rawValue: String($0)) })) }
        return caveats
    }

    private func parseDuration(_ text: String) throws -> Duration {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int64(text.dropLast()), count > 0 else {
            throw ValidationError("invalid duration \"\(text)\": use a positive number followed by s, m, h or d")
        }
        return .seconds(count * unit)
    }
}

extension PublicKey {
    /// The text form of a key: its 32 bytes as 64 lowercase hex digits (never mistaken for an option).
    var hex: String {
        rawRepresentation.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// The key of a credentials directory, or a key as 64 hex digits.
func publicKey(of target: String) throws -> PublicKey {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
        return try Principal.load(from: target).publicKey
    }
    let digits = Array(target.utf8)
    guard digits.count == 64, let bytes = try? stride(from: 0, to: 64, by: 2).map({ index -> UInt8 in
        guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { throw CancellationError() }
        return byte
    }) else {
        throw ValidationError("\"\(target)\" is neither a credentials directory nor a public key (64 hex digits)")
    }
    return try PublicKey(rawRepresentation: bytes)
}

/// Blessings from a file, the text itself, or `-` (standard input).
func readBlessings(_ source: String) throws -> Blessings {
    let text: String
    if source == "-" {
        text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    } else if FileManager.default.fileExists(atPath: source) {
        guard let data = FileManager.default.contents(atPath: source) else { throw ValidationError("cannot read \(source)") }
        text = String(decoding: data, as: UTF8.self)
    } else {
        text = source
    }
    if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .empty }
    return try Blessings(base64URLEncoded: text)
}

func write(_ text: String, to path: String?) throws {
    guard let path else {
        print(text)
        return
    }
    do {
        try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        throw ValidationError("cannot write \(path): \(error.localizedDescription)")
    }
}

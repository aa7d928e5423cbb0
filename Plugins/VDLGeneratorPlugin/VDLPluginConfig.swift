import Foundation

/// The `vdl-config.json` a target adopts the build plugin with.
struct VDLPluginConfig: Decodable {
    static let fileName = "vdl-config.json"

    /// The IDL root, relative to the package root.
    var idlRoot: String
    /// Package directories relative to the IDL root.
    var packages: [String]
    /// Imported packages whose Swift code lives in another module: package path → module name.
    var moduleMap: [String: String]

    enum CodingKeys: String, CodingKey { case idlRoot, packages, moduleMap }

    var moduleMapArguments: [String] {
        moduleMap.sorted { $0.key < $1.key }.flatMap { ["--module-map", "\($0.key)=\($0.value)"] }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        idlRoot = try container.decodeIfPresent(String.self, forKey: .idlRoot) ?? "idl"
        packages = try container.decode([String].self, forKey: .packages)
        moduleMap = try container.decodeIfPresent([String: String].self, forKey: .moduleMap) ?? [:]
    }

    struct ConfigError: Error, CustomStringConvertible {
        var description: String
    }

    static func load(from url: URL) throws -> VDLPluginConfig {
        guard let data = FileManager.default.contents(atPath: url.path()) else {
            throw ConfigError(description: "\(url.path()): missing; a target using VDLGeneratorPlugin needs a \(fileName) naming its IDL packages, e.g. {\"packages\": [\"examples/fortune\"]}")
        }
        do {
            let config = try JSONDecoder().decode(VDLPluginConfig.self, from: data)
            guard !config.packages.isEmpty else {
                throw ConfigError(description: "\(url.path()): \"packages\" is empty")
            }
            return config
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(description: "\(url.path()): not a valid \(fileName): \(error)")
        }
    }

    /// Must match `SwiftEmitter.fileName(forPackage:)`: `examples/fortune` → `examples_fortune.vdl.swift`.
    static func swiftFileName(forPackage package: String) -> String {
        package.replacingOccurrences(of: "/", with: "_") + ".vdl.swift"
    }

    /// Every `.vdl` file under the IDL root: imports may reach any of them.
    static func vdlFiles(under root: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "vdl" }.sorted { $0.path() < $1.path() }
    }
}

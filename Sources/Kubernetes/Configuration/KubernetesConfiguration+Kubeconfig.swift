import Foundation
import Yams

extension KubernetesConfiguration {
    /// Reads a kubeconfig file and resolves a context of it.
    ///
    /// - Parameters:
    ///   - path: The kubeconfig file.
    ///   - context: The context to use; `current-context` of the file when `nil`.
    /// - Throws: ``ConfigurationError`` naming the file and the field at fault.
    public static func kubeconfig(atPath path: String, context: String? = nil) throws -> KubernetesConfiguration {
        try kubeconfig(atPaths: [path], context: context)
    }

    /// Reads several kubeconfig files merged as `KUBECONFIG=a:b` merges them: for clusters,
    /// users and contexts of the same name the first file wins, and so does the first
    /// `current-context` set. Relative file paths in each entry resolve against the directory of
    /// the file the entry is in.
    public static func kubeconfig(
        atPaths paths: [String], context: String? = nil
    ) throws -> KubernetesConfiguration {
        var merged = MergedKubeconfig()
        for path in paths {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ConfigurationError(source: "kubeconfig \(path)", message: "cannot read the file (\(error))")
            }
            merged.add(try parse(text, path: path), path: path)
        }
        return try merged.resolve(context: context)
    }

    /// Parses kubeconfig YAML text; `path` names the file in errors and its directory anchors
    /// relative paths.
    public static func kubeconfig(
        yaml: String, path: String, context: String? = nil
    ) throws -> KubernetesConfiguration {
        var merged = MergedKubeconfig()
        merged.add(try parse(yaml, path: path), path: path)
        return try merged.resolve(context: context)
    }

    private static func parse(_ text: String, path: String) throws -> KubeconfigFile {
        if text.allSatisfy(\.isWhitespace) {
            return KubeconfigFile()
        }
        do {
            return try YAMLDecoder().decode(KubeconfigFile.self, from: text)
        } catch let error as DecodingError {
            throw ConfigurationError(
                source: "kubeconfig \(path)", field: error.fieldPath,
                message: "not a valid kubeconfig: \(error.summary)")
        } catch {
            throw ConfigurationError(source: "kubeconfig \(path)", message: "not valid YAML: \(error)")
        }
    }
}

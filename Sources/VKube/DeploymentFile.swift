import Foundation
import Kubernetes

/// The Deployment of an app, read from the file given with `-f`.
public enum DeploymentFile {
    /// Reads the Deployment in `path`: a JSON object of kind `Deployment` (apiVersion
    /// `apps/v1`) with a `metadata.name` and containers. Anything else is a ``VKubeError``
    /// naming the file and what is wrong.
    public static func load(atPath path: String) throws -> Deployment {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw VKubeError("cannot read the deployment file \(path): \(VKubeConfig.reason(error))")
        }
        let json: JSONValue
        do {
            json = try JSONValue(jsonData: data)
        } catch {
            throw VKubeError("the deployment file \(path) is not JSON")
        }
        guard json.objectValue != nil else {
            throw VKubeError("the deployment file \(path) does not hold a JSON object")
        }
        let kind = json["kind"]?.stringValue
        guard kind == "Deployment" else {
            throw VKubeError("the deployment file \(path) does not hold a Deployment (kind is \(kind.map { "\"\($0)\"" } ?? "missing"))")
        }
        let apiVersion = json["apiVersion"]?.stringValue
        guard apiVersion == Deployment.resourceType.apiVersion else {
            throw VKubeError("the deployment file \(path): apiVersion is \(apiVersion.map { "\"\($0)\"" } ?? "missing"), expected \"apps/v1\"")
        }
        let deployment = Deployment(json: json)
        guard let name = deployment.name, !name.isEmpty else {
            throw VKubeError("the deployment file \(path): metadata.name is missing")
        }
        guard !deployment.containers.isEmpty else {
            throw VKubeError("the deployment file \(path): deployment \(name) has no containers (spec.template.spec.containers)")
        }
        return deployment
    }
}

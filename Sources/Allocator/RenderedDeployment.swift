import Foundation

/// A rendered template: valid JSON whose `kind` is `Deployment` (apps/v1), with the parts the
/// local backend runs decoded (each container's command, args, env and volume mounts).
public struct RenderedDeployment: Sendable {
    /// The JSON as rendered; the Kubernetes backend sends it (with its additions).
    public let json: Data
    public let name: String
    public let containers: [Container]

    public struct Container: Sendable, Decodable, Equatable {
        public var name: String
        public var image: String?
        public var command: [String]?
        public var args: [String]?
        public var env: [EnvVar]?
        public var volumeMounts: [VolumeMount]?
    }

    public struct EnvVar: Sendable, Decodable, Equatable {
        public var name: String
        public var value: String?
    }

    public struct VolumeMount: Sendable, Decodable, Equatable {
        public var name: String
        public var mountPath: String
    }

    private struct Shape: Decodable {
        struct Metadata: Decodable { var name: String? }
        struct Spec: Decodable {
            struct Template: Decodable {
                struct PodSpec: Decodable { var containers: [Container]? }
                var spec: PodSpec?
            }
            var template: Template?
        }
        var apiVersion: String?
        var kind: String?
        var metadata: Metadata?
        var spec: Spec?
    }

    public init(json: Data, template: String) throws {
        do {
            _ = try JSONSerialization.jsonObject(with: json)
        } catch {
            throw AllocatorError.template(path: template, "the rendered template is not valid JSON: \(error)")
        }
        let shape: Shape
        do {
            shape = try JSONDecoder().decode(Shape.self, from: json)
        } catch {
            throw AllocatorError.template(path: template, "the rendered template is not a Deployment: \(error)")
        }
        guard shape.kind == "Deployment" else {
            throw AllocatorError.template(path: template, "the rendered object is a \(shape.kind.map { "\"\($0)\"" } ?? "object without kind"), not a Deployment")
        }
        guard shape.apiVersion == "apps/v1" else {
            throw AllocatorError.template(path: template, "the Deployment's apiVersion is \(shape.apiVersion ?? "missing"), not apps/v1")
        }
        guard let containers = shape.spec?.template?.spec?.containers, !containers.isEmpty else {
            throw AllocatorError.template(path: template, "the Deployment has no containers (spec.template.spec.containers)")
        }
        self.json = json
        self.name = shape.metadata?.name ?? ""
        self.containers = containers
    }
}

import Allocator
import Foundation
import Testing

@Suite struct IdentityPatternTests {
    @Test func aPlaceholderElementNamesTheUser() throws {
        let pattern = try IdentityPattern("dev.v.io:u:<email>")
        let user = try #require(pattern.user(of: "dev.v.io:u:alice@example.com:phone"))
        #expect(user.identity == "dev.v.io:u:alice@example.com")
        #expect(user.value == "alice@example.com")
        #expect(user.ownerHash.count == 64 && user.ownerHash == pattern.user(of: "dev.v.io:u:alice@example.com")?.ownerHash)
        #expect(pattern.user(of: "dev.v.io:u") == nil)
        #expect(pattern.user(of: "dev.v.io:x:alice") == nil)
        #expect(pattern.user(ofAny: ["other", "dev.v.io:u:bob", "dev.v.io:u:alice"])?.value == "alice")
    }

    @Test func patternsNeedExactlyOnePlaceholder() {
        #expect { try IdentityPattern("dev.v.io:u") } throws: { "\($0)".contains("exactly one <placeholder>") }
        #expect { try IdentityPattern("<a>:<b>") } throws: { "\($0)".contains("exactly one <placeholder>") }
        #expect { try IdentityPattern("a::<b>") } throws: { "\($0)".contains("empty element") }
    }
}

@Suite struct DeploymentTemplateTests {
    static let deployment = """
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "{{.Name}}",
         "annotations": {"creator": "{{ .CreatorInfo }}"}},
         "spec": {"template": {"spec": {"containers": [{"name": "c", "command": ["run"],
           "args": ["--acl={\\"Read\\":{{.AccessList}}}", "{{- .MountName -}}", "{{/* a comment */}}{{.OwnerHash}}", "{{.Version}}"]}]}}}}
        """

    @Test func fieldsAreFilledInEscapedForJSONStrings() throws {
        let template = try DeploymentTemplate(text: Self.deployment, path: "t.json")
        let rendered = try template.render([
            .Name: "sb-0001", .AccessList: #"{"In":["root:alice"]}"#, .MountName: "sb/sb-0001",
            .CreatorInfo: #"{"email":"a\b"}"#, .OwnerHash: "abc", .Version: "1.2",
        ])
        #expect(rendered.name == "sb-0001")
        #expect(rendered.containers.first?.args == [#"--acl={"Read":{"In":["root:alice"]}}"#, "sb/sb-0001", "abc", "1.2"])
        let object = try JSONSerialization.jsonObject(with: rendered.json) as? [String: Any]
        let annotations = (object?["metadata"] as? [String: Any])?["annotations"] as? [String: String]
        #expect(annotations?["creator"] == #"{"email":"a\b"}"#)
    }

    @Test func badTemplatesNameTheProblem() throws {
        #expect { try DeploymentTemplate(text: "{\n\"x\": \"{{.Nmae}}\"}", path: "bad.json") } throws: {
            "\($0)" == "deployment template bad.json: line 2: unknown field .Nmae; the fields are .Name, .AccessList, .MountName, .CreatorInfo, .OwnerHash, .Version"
        }
        #expect { try DeploymentTemplate(text: "{{if .Name}}x{{end}}", path: "if.json") } throws: { "\($0)".contains("unsupported action {{if .Name}}") }
        #expect { try DeploymentTemplate(text: "{{.Name", path: "open.json") } throws: { "\($0)".contains("{{ is not closed") }
        #expect { try DeploymentTemplate(path: "/nonexistent/template.json") } throws: { "\($0)".contains("/nonexistent/template.json: cannot be read") }

        let notJSON = try DeploymentTemplate(text: #"{"kind": "Deployment", "name": {{.Name}}}"#, path: "raw.json")
        #expect { try notJSON.render([.Name: "x y"]) } throws: { "\($0)".contains("raw.json: the rendered template is not valid JSON") }
        let service = try DeploymentTemplate(text: #"{"apiVersion": "v1", "kind": "Service"}"#, path: "svc.json")
        #expect { try service.render([:]) } throws: { "\($0)".contains("svc.json: the rendered object is a \"Service\", not a Deployment") }
        let empty = try DeploymentTemplate(text: #"{"apiVersion": "apps/v1", "kind": "Deployment", "spec": {}}"#, path: "empty.json")
        #expect { try empty.render([:]) } throws: { "\($0)".contains("has no containers") }
    }

    @Test func theSampleTemplateRenders() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/allocator/fortune-deployment.json").path
        let rendered = try DeploymentTemplate(path: path).render([
            .Name: "fortune-0a1b2c3d", .AccessList: #"{"In":["root:alice"]}"#, .MountName: "fortune/fortune-0a1b2c3d",
            .CreatorInfo: "{}", .OwnerHash: "00", .Version: "1",
        ])
        #expect(rendered.containers.map(\.name) == ["fortuned"])
        #expect(rendered.containers[0].args?.contains(#"{"Read": {"In":["root:alice"]}, "Write": {"In":["root:alice"]}}"#) == true)
    }
}

import Foundation
import Testing
import Yams

@Suite("deploy/ against the Kubernetes API's schemas")
struct DeployManifestSchemaTests {
    static let files = ["sweep-job.yaml", "merge-job.yaml", "sweep-configmap.yaml", "sweep-pvc.yaml"]

    func manifest(_ name: String) throws -> [String: Any] {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("deploy/" + name), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any], "\(name) is not a mapping")
    }

    @Test("every manifest under deploy/ is valid for its kind, strictly (no field its kind does not define)")
    func valid() throws {
        let schemas = try KubernetesSchemas()
        #expect(schemas.version == "1.37.0")
        let deployed = try FileManager.default.contentsOfDirectory(
            atPath: repositoryRoot.appendingPathComponent("deploy").path
        )
        .filter { $0.hasSuffix(".yaml") }
        #expect(Set(deployed) == Set(Self.files))
        for file in Self.files {
            #expect(schemas.errors(of: try manifest(file)) == [], "\(file)")
        }
    }

    @Test("the schemas refuse what the API server refuses: unknown fields, wrong types, missing names, bad enums")
    func refusals() throws {
        let schemas = try KubernetesSchemas()
        let job = try manifest("sweep-job.yaml")
        func errors(_ change: (inout [String: Any]) -> Void) -> [String] {
            var changed = job
            change(&changed)
            return schemas.errors(of: changed)
        }
        func changingSpec(_ change: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) -> Void {
            { manifest in
                var spec = manifest["spec"] as! [String: Any]
                change(&spec)
                manifest["spec"] = spec
            }
        }
        func changingContainer(_ change: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) -> Void {
            changingSpec { spec in
                var template = spec["template"] as! [String: Any]
                var pod = template["spec"] as! [String: Any]
                var containers = pod["containers"] as! [[String: Any]]
                change(&containers[0])
                pod["containers"] = containers
                template["spec"] = pod
                spec["template"] = template
            }
        }
        #expect(errors(changingSpec { $0["completionMod"] = "Indexed" }) == [".spec.completionMod: unknown field"])
        #expect(
            errors(changingSpec { $0["parallelism"] = "4" }) == [
                ".spec.parallelism: string where integer or null is expected"
            ])
        #expect(
            errors(changingSpec { $0["completions"] = 5_000_000_000 }) == [
                ".spec.completions: 5000000000 is out of the int32 range"
            ])
        #expect(
            errors(changingContainer { $0["name"] = nil }) == [".spec.template.spec.containers[0]: name is required"])
        #expect(
            errors(changingContainer { $0["resources"] = ["limits": ["cpu": true]] })
                == [".spec.template.spec.containers[0].resources.limits.cpu: matches 0 of its 2 forms"])
        #expect(errors { $0["apiVersion"] = "batch/v2" } == ["no schema for batch/v2 Job"])
        #expect(errors { $0["metadata"] = ["name": "x", "label": ["a": "b"]] } == [".metadata.label: unknown field"])
        // A quantity may be a string or a number; an env var's value only a string.
        #expect(errors(changingContainer { $0["resources"] = ["limits": ["cpu": 2, "memory": "4Gi"]] }) == [])
        #expect(
            errors(changingContainer { $0["env"] = [["name": "N", "value": 3]] })
                == [".spec.template.spec.containers[0].env[0].value: integer where string or null is expected"])
    }
}

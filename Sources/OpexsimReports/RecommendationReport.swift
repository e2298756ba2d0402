import OpexsimPolicies
import OpexsimTraces

/// A policy's recommendations as the `opexsim.recommendations/v1` document (docs/report-format.md, section 3), as
/// manifests to apply, or as a Markdown table.
public enum RecommendationReport {
    public static let schema = "opexsim.recommendations/v1"

    static func amounts(_ amounts: ResourceAmounts?) -> JSONValue {
        guard let amounts else { return .null }
        return .object([
            ("cpu_cores", .finite(amounts.cpuCores.map { Rounding.decimals($0, 6) })),
            ("memory_bytes", .finite(amounts.memoryBytes.map { $0.rounded() })),
        ])
    }

    public static func json(_ recommendations: [ContainerRecommendation], policy: PolicySpec, trace: Trace) -> JSONValue
    {
        .object([
            ("schema", .string(schema)),
            ("policy", .string(policy.description)),
            ("trace_end", .string(TraceTime.format(trace.end))),
            (
                "containers",
                .array(
                    recommendations.map { r in
                        let container = trace.containers[r.containerIndex]
                        let current = trace.finalRecordedSettings(ofContainer: r.containerIndex)
                        return .object([
                            ("namespace", .string(trace.names[container.namespaceName])),
                            ("workload", .string(trace.names[container.workloadName])),
                            ("container", .string(trace.names[container.containerName])),
                            ("target", amounts(r.target)),
                            ("lower_bound", amounts(r.lowerBound)),
                            ("upper_bound", amounts(r.upperBound)),
                            (
                                "requests",
                                amounts(
                                    ResourceAmounts(
                                        cpuCores: r.settings.cpuRequest, memoryBytes: r.settings.memoryRequest))
                            ),
                            (
                                "limits",
                                amounts(
                                    ResourceAmounts(cpuCores: r.settings.cpuLimit, memoryBytes: r.settings.memoryLimit))
                            ),
                            (
                                "current",
                                .object([
                                    (
                                        "requests",
                                        amounts(
                                            ResourceAmounts(
                                                cpuCores: current.cpuRequest, memoryBytes: current.memoryRequest))
                                    ),
                                    (
                                        "limits",
                                        amounts(
                                            ResourceAmounts(
                                                cpuCores: current.cpuLimit, memoryBytes: current.memoryLimit))
                                    ),
                                ])
                            ),
                        ])
                    })
            ),
        ])
    }

    /// One strategic-merge patch per workload (`kubectl patch --type strategic`), with the command to
    /// apply it in a comment. A limit the recommendation removes is written as null, which deletes it.
    public static func yaml(_ recommendations: [ContainerRecommendation], policy: PolicySpec, trace: Trace) -> String {
        let (header, documents) = patchDocuments(recommendations, policy: policy, trace: trace)
        return header + documents.map(\.text).joined()
    }

    /// The patches of `yaml(...)`: its header comment, and one document per workload.
    public static func patchDocuments(_ recommendations: [ContainerRecommendation], policy: PolicySpec, trace: Trace)
        -> (header: String, documents: [(namespace: String, workload: String, text: String)])
    {
        var byWorkload: [Int: [ContainerRecommendation]] = [:]
        for r in recommendations { byWorkload[trace.containers[r.containerIndex].workloadIndex, default: []].append(r) }
        var out = "# Resource patches recommended by opexsim policy \(policy.description)\n"
        out += "# from a trace ending \(TraceTime.format(trace.end)).\n"
        var documents: [(namespace: String, workload: String, text: String)] = []
        for w in byWorkload.keys.sorted() {
            let workload = trace.workloads[w]
            let name = trace.names[workload.workloadName], namespace = trace.names[workload.namespaceName]
            var doc = ""
            doc += "---\n"
            doc += "# kubectl -n \(namespace) patch deployment \(name) --type strategic --patch-file <this document>\n"
            doc += "# (use statefulset or daemonset instead of deployment as the workload's kind requires)\n"
            doc += "spec:\n  template:\n    spec:\n      containers:\n"
            for r in byWorkload[w]! {
                let settings = r.settings
                doc += "      - name: \(yamlString(trace.names[trace.containers[r.containerIndex].containerName]))\n"
                doc += "        resources:\n"
                doc += "          requests:\n"
                doc += "            cpu: \(settings.cpuRequest.map { yamlString(Quantity.formatCPU($0)) } ?? "null")\n"
                doc +=
                    "            memory: \(settings.memoryRequest.map { yamlString(Quantity.formatMemory($0)) } ?? "null")\n"
                doc += "          limits:\n"
                doc += "            cpu: \(settings.cpuLimit.map { yamlString(Quantity.formatCPU($0)) } ?? "null")\n"
                doc +=
                    "            memory: \(settings.memoryLimit.map { yamlString(Quantity.formatMemory($0)) } ?? "null")\n"
            }
            documents.append((namespace, name, doc))
        }
        return (out, documents)
    }

    /// One `VerticalPodAutoscaler` (`autoscaling.k8s.io/v1`) per workload with the parameters the
    /// replay used, and its recommendation as `status.recommendation` (which `kubectl apply` leaves
    /// to the recommender, and which shows what the VPA would start from).
    public static func vpaYAML(
        _ recommendations: [ContainerRecommendation], policy: PolicySpec, setup: VPASetup, trace: Trace
    ) -> String {
        let (header, documents) = vpaDocuments(recommendations, policy: policy, setup: setup, trace: trace)
        return header + documents.map(\.text).joined()
    }

    /// The objects of `vpaYAML(...)`: its header comment, and one document per workload.
    public static func vpaDocuments(
        _ recommendations: [ContainerRecommendation], policy: PolicySpec, setup: VPASetup, trace: Trace
    ) -> (header: String, documents: [(namespace: String, workload: String, text: String)]) {
        var out =
            "# VerticalPodAutoscalers for policy \(policy.description), from a trace ending \(TraceTime.format(trace.end)).\n"
        out += "# targetRef.kind assumes Deployments: change it for StatefulSets, DaemonSets or Jobs.\n"
        out += "# status is informative: the cluster's recommender writes its own once the object exists.\n"
        var byWorkload: [Int: [ContainerRecommendation]] = [:]
        for r in recommendations { byWorkload[trace.containers[r.containerIndex].workloadIndex, default: []].append(r) }
        func amounts(_ a: ResourceAmounts?) -> String {
            guard let a else { return "{}" }
            var parts: [String] = []
            if let cpu = a.cpuCores { parts.append("cpu: \(yamlString(Quantity.formatCPU(cpu)))") }
            if let memory = a.memoryBytes { parts.append("memory: \(yamlString(Quantity.formatMemory(memory)))") }
            return "{" + parts.joined(separator: ", ") + "}"
        }
        var documents: [(namespace: String, workload: String, text: String)] = []
        for w in byWorkload.keys.sorted() {
            let workload = trace.workloads[w]
            let name = trace.names[workload.workloadName], namespace = trace.names[workload.namespaceName]
            guard let (configuration, manifest) = setup.configuration(forWorkload: name, namespace: namespace) else {
                continue
            }
            var doc = ""
            doc += "---\napiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\nmetadata:\n"
            doc += "  name: \(yamlString(manifest?.name ?? name))\n  namespace: \(yamlString(namespace))\n"
            doc +=
                "spec:\n  targetRef:\n    apiVersion: apps/v1\n    kind: \(yamlString(manifest?.targetKind ?? "Deployment"))\n    name: \(yamlString(name))\n"
            doc +=
                "  updatePolicy:\n    updateMode: \(yamlString(configuration.mode.rawValue))\n    minReplicas: \(configuration.minReplicas)\n"
            doc += "  resourcePolicy:\n    containerPolicies:\n"
            for containerPolicy in configuration.containerPolicies {
                doc += "    - containerName: \(yamlString(containerPolicy.containerName))\n"
                if containerPolicy.isOff { doc += "      mode: \(yamlString("Off"))\n" }
                doc += "      controlledValues: \(yamlString(containerPolicy.controlledValues.rawValue))\n"
                if !(containerPolicy.controlsCPU && containerPolicy.controlsMemory) {
                    doc +=
                        "      controlledResources: [\([containerPolicy.controlsCPU ? "cpu" : nil, containerPolicy.controlsMemory ? "memory" : nil].compactMap { $0 }.joined(separator: ", "))]\n"
                }
                if let minimum = containerPolicy.minAllowed { doc += "      minAllowed: \(amounts(minimum))\n" }
                if let maximum = containerPolicy.maxAllowed { doc += "      maxAllowed: \(amounts(maximum))\n" }
            }
            let recommended = byWorkload[w]!.filter { $0.target.cpuCores != nil || $0.target.memoryBytes != nil }
            if !recommended.isEmpty {
                doc += "status:\n  recommendation:\n    containerRecommendations:\n"
                for r in recommended {
                    doc +=
                        "    - containerName: \(yamlString(trace.names[trace.containers[r.containerIndex].containerName]))\n"
                    doc += "      target: \(amounts(r.target))\n"
                    if let lower = r.lowerBound { doc += "      lowerBound: \(amounts(lower))\n" }
                    if let upper = r.upperBound { doc += "      upperBound: \(amounts(upper))\n" }
                }
            }
            documents.append((namespace, name, doc))
        }
        return (out, documents)
    }

    /// A scalar as YAML 1.1 readers (kubectl among them) read it back as the same string: written plain
    /// only when it starts with a letter, holds nothing but letters, digits, `-`, `.` and `_`, and is
    /// not one of YAML 1.1's booleans or nulls (`Off`, `on`, `Yes`, `n`, `null`, ... in any case); or
    /// when it is a Kubernetes quantity with a unit (`250m`, `512Mi`). Anything else is quoted.
    static func yamlString(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        let word =
            scalars.first.map(isLetter) == true
            && scalars.allSatisfy { isLetter($0) || isDigit($0) || $0 == "-" || $0 == "." || $0 == "_" }
            && !yaml11Words.contains(text.lowercased())
        // Digits, an optional fraction, then a unit of letters only: YAML 1.1 has no number of that form.
        let digits = scalars.prefix { isDigit($0) || $0 == "." }
        let unit = scalars.dropFirst(digits.count)
        let quantity =
            !digits.isEmpty && isDigit(digits.first!) && digits.filter { $0 == "." }.count <= 1 && digits.last != "."
            && !unit.isEmpty && unit.allSatisfy(isLetter) && !["e", "E"].contains(unit.first!)
        return word || quantity ? text : "\"" + text.replacingQuotes() + "\""
    }

    /// YAML 1.1's booleans and nulls, lower-cased.
    static let yaml11Words: Set<String> = ["y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan", "inf"]

    public static func markdown(_ recommendations: [ContainerRecommendation], policy: PolicySpec, trace: Trace)
        -> String
    {
        var out = "# Recommendations of `\(policy.description)`\n\n"
        out += "From the trace ending \(TraceTime.format(trace.end)); current settings are the last recorded.\n\n"
        var rows: [[String]] = []
        for r in recommendations {
            let container = trace.containers[r.containerIndex]
            let current = trace.finalRecordedSettings(ofContainer: r.containerIndex)
            let new = r.settings
            rows.append([
                "\(trace.names[container.namespaceName])/\(trace.names[container.workloadName])/\(trace.names[container.containerName])",
                MarkdownReport.change(TextFormat.cpu(current.cpuRequest), TextFormat.cpu(new.cpuRequest)),
                MarkdownReport.change(TextFormat.cpu(current.cpuLimit), TextFormat.cpu(new.cpuLimit)),
                MarkdownReport.change(TextFormat.memory(current.memoryRequest), TextFormat.memory(new.memoryRequest)),
                MarkdownReport.change(TextFormat.memory(current.memoryLimit), TextFormat.memory(new.memoryLimit)),
            ])
        }
        out += MarkdownReport.table(["Container", "CPU request", "CPU limit", "Memory request", "Memory limit"], rows)
        return out
    }
}

extension String {
    func replacingQuotes() -> String {
        var out = ""
        for character in self {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}

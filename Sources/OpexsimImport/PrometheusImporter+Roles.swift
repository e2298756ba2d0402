/// What the series of one Prometheus answer measure, for answers whose series carry no metric name
/// (functions and aggregations drop `__name__`): the role flag the file was given.
public enum PrometheusRole: String, CaseIterable, Sendable {
    /// CPU usage in cores: a `rate()` of `container_cpu_usage_seconds_total`.
    case cpu
    /// Working-set bytes: `container_memory_working_set_bytes`.
    case memory
    /// `kube_pod_container_resource_requests` (`resource="cpu"` in cores, `"memory"` in bytes).
    case requests
    /// `kube_pod_container_resource_limits`, likewise.
    case limits
    /// Share of runnable CFS periods throttled (0...1): the ratio of the increases of
    /// `container_cpu_cfs_throttled_periods_total` and `container_cpu_cfs_periods_total`.
    case throttling
    /// `kube_pod_container_status_last_terminated_reason{reason="OOMKilled"}`.
    case oom

    /// The command-line flag that gives a file this role.
    public var flag: String { "--\(rawValue)" }

    /// All role flags, for messages: `--cpu, --memory, ... or --oom`.
    static var flagList: String {
        let flags = allCases.map(\.flag)
        return flags.dropLast().joined(separator: ", ") + " or " + flags[flags.count - 1]
    }

    /// How the role is named in messages.
    var label: String {
        switch self {
        case .cpu: return "CPU"
        case .memory: return "memory"
        case .requests: return "request"
        case .limits: return "limit"
        case .throttling: return "throttling"
        case .oom: return "OOM"
        }
    }
}

extension PrometheusImporter {
    /// What one series is, from its file's role or its metric name.
    enum SeriesKind: Equatable {
        case role(PrometheusRole)
        /// `kube_pod_owner`: pod to controller.
        case podOwner
        /// `kube_replicaset_owner`: ReplicaSet to Deployment.
        case replicaSetOwner
        /// `kube_pod_labels` and `kube_pod_annotations`: a pod's labels (`label_<key>`) and annotations
        /// (`annotation_<key>`), as kube-state-metrics exposes the allowed ones.
        case podLabels
        case podAnnotations
    }

    /// What a metric name tells about its series.
    enum MetricName: Equatable {
        case kind(SeriesKind)
        /// A kube-state-metrics v1 resource series, whose name carries the resource.
        case legacyResource(PrometheusRole, resource: String)
        /// A raw counter, which needs a function around it; the text says which.
        case counter(advice: String)
        case unknown
    }

    /// Kubernetes-mixin recording rules that already hold a CPU rate or a working set.
    static let recordingRules: [String: PrometheusRole] = [
        "node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate": .cpu,
        "node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate5m": .cpu,
        "node_namespace_pod_container:container_memory_working_set_bytes": .memory,
    ]

    static func metricName(_ name: String) -> MetricName {
        switch name {
        case "container_memory_working_set_bytes": return .kind(.role(.memory))
        case "kube_pod_container_resource_requests": return .kind(.role(.requests))
        case "kube_pod_container_resource_limits": return .kind(.role(.limits))
        case "kube_pod_container_status_last_terminated_reason": return .kind(.role(.oom))
        case "kube_pod_owner": return .kind(.podOwner)
        case "kube_replicaset_owner": return .kind(.replicaSetOwner)
        case "kube_pod_labels": return .kind(.podLabels)
        case "kube_pod_annotations": return .kind(.podAnnotations)
        case "kube_pod_container_resource_requests_cpu_cores": return .legacyResource(.requests, resource: "cpu")
        case "kube_pod_container_resource_requests_memory_bytes": return .legacyResource(.requests, resource: "memory")
        case "kube_pod_container_resource_limits_cpu_cores": return .legacyResource(.limits, resource: "cpu")
        case "kube_pod_container_resource_limits_memory_bytes": return .legacyResource(.limits, resource: "memory")
        case "container_cpu_usage_seconds_total":
            return .counter(
                advice: "query max(rate(container_cpu_usage_seconds_total{container!=\"\",container!=\"POD\"}[2m])) "
                    + "by (namespace,pod,container) and give the answer with --cpu")
        case "container_cpu_cfs_throttled_periods_total", "container_cpu_cfs_periods_total":
            return .counter(
                advice: "query increase(container_cpu_cfs_throttled_periods_total[2m]) / "
                    + "increase(container_cpu_cfs_periods_total[2m]) and give the answer with --throttling")
        default:
            if let role = recordingRules[name] { return .kind(.role(role)) }
            return .unknown
        }
    }
}

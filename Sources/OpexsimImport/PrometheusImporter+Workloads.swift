extension PrometheusImporter {
    /// Where a pod's workload name came from, in order of preference.
    enum WorkloadRule: CaseIterable {
        /// A `workload`, `owner_name`, `deployment`, `statefulset` or `daemonset` label on its CPU or
        /// memory series.
        case label
        /// `kube_pod_owner` to a ReplicaSet, then `kube_replicaset_owner` to its Deployment.
        case replicaSetOwner
        /// `kube_pod_owner` to a ReplicaSet that `kube_replicaset_owner` does not list: the
        /// ReplicaSet's name without its pod-template hash.
        case replicaSetName
        /// `kube_pod_owner` to a StatefulSet, DaemonSet, Job or other controller: its name.
        case controllerOwner
        /// `PodNameRule`: the pod's name without its generated suffixes.
        case podName

        var summary: String {
            switch self {
            case .label: return "a workload label on their CPU or memory series"
            case .replicaSetOwner: return "kube_pod_owner and kube_replicaset_owner (ReplicaSet to Deployment)"
            case .replicaSetName:
                return "kube_pod_owner, the ReplicaSet name without its hash (no kube_replicaset_owner series)"
            case .controllerOwner: return "kube_pod_owner (StatefulSet, DaemonSet, Job or other controller)"
            case .podName: return "the pod name (no owner series)"
            }
        }
    }

    /// The workload of each pod, and how many pods each rule named.
    static func workloads(of pods: [PodKey], _ collection: Collection) -> (
        names: [PodKey: String], counts: [WorkloadRule: Int]
    ) {
        var names: [PodKey: String] = [:]
        var counts: [WorkloadRule: Int] = [:]
        for pod in pods {
            let (name, rule) = workload(of: pod, collection)
            names[pod] = name
            counts[rule, default: 0] += 1
        }
        return (names, counts)
    }

    private static func workload(of pod: PodKey, _ collection: Collection) -> (String, WorkloadRule) {
        if let label = collection.workloadLabels[pod] {
            // An owner_name label may name the ReplicaSet rather than the Deployment.
            let replicaSet = PodKey(namespace: pod.namespace, name: label)
            return (collection.replicaSetOwners[replicaSet]?.name ?? label, .label)
        }
        if let owner = collection.podOwners[pod] {
            guard owner.kind == "ReplicaSet" else { return (owner.name, .controllerOwner) }
            if let deployment = collection.replicaSetOwners[PodKey(namespace: pod.namespace, name: owner.name)] {
                return (deployment.name, .replicaSetOwner)
            }
            return (withoutTemplateHash(owner.name), .replicaSetName)
        }
        return (PodNameRule.workload(ofPod: pod.name), .podName)
    }

    /// `cart-dm8jrww6f6` → `cart`: drops a last part of 6 to 10 characters of the alphabet Kubernetes
    /// writes pod-template hashes in (`bcdfghjklmnpqrstvwxz2456789`).
    static func withoutTemplateHash(_ replicaSet: String) -> String {
        guard let dash = replicaSet.lastIndex(of: "-"), dash != replicaSet.startIndex else { return replicaSet }
        let hash = replicaSet[replicaSet.index(after: dash)...]
        guard (6...10).contains(hash.count), hash.allSatisfy({ "bcdfghjklmnpqrstvwxz2456789".contains($0) }) else {
            return replicaSet
        }
        return String(replicaSet[..<dash])
    }
}

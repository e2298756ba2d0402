/// The workload a pod belongs to, from the pod's name, when nothing better is known.
///
/// Controllers name pods after themselves plus generated suffixes:
/// - a Deployment's pod is `<deployment>-<pod-template-hash>-<suffix>` (hash 6 to 10, suffix 5
///   lowercase letters or digits): both are removed (`cart-7d9f6c8b5-x2x7q` → `cart`);
/// - a ReplicaSet's, DaemonSet's or Job's pod is `<name>-<suffix>`: the suffix is removed;
/// - a StatefulSet's pod is `<name>-<ordinal>`: the ordinal is removed (`db-0` → `db`).
///
/// Limits: a name whose own last part looks like such a suffix loses it (`api-v2beta` stays, but a
/// Deployment named `web-12345` would become `web`), and a bare Pod keeps its full name. Labels
/// (`workload`, `owner_name`) and `kube_pod_owner` are used first where present.
public enum PodNameRule {
    public static func workload(ofPod pod: String) -> String {
        var parts = pod.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return pod }
        func isSuffix(_ part: String, length: ClosedRange<Int>) -> Bool {
            length.contains(part.count) && part.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }
                && part.contains { $0 >= "0" && $0 <= "9" || "bcdfghjklmnpqrstvwxz".contains($0) }
        }
        let last = parts[parts.count - 1]
        if last.allSatisfy(\.isNumber) && !last.isEmpty {
            parts.removeLast()
            return parts.joined(separator: "-")
        }
        guard isSuffix(last, length: 5...5) else { return pod }
        parts.removeLast()
        if parts.count >= 2, isSuffix(parts[parts.count - 1], length: 6...10),
            parts[parts.count - 1].contains(where: \.isNumber)
        {
            parts.removeLast()
        }
        return parts.joined(separator: "-")
    }
}

/// Kubernetes' node failure timeline (docs/kubernetes-runtime.md, section 7): a lost node is marked NotReady after
/// `--node-monitor-grace-period` (50 s since v1.32, kubernetes/kubernetes#126287); its pods are
/// deleted when their toleration of the NoExecute taint ends (DefaultTolerationSeconds gives 300 s,
/// `FailureAction.defaultToleration`); their ReplicaSets then create replacements.
public enum NodeFailureTimeline {
    public static let monitorGracePeriod: Int64 = 50_000
}

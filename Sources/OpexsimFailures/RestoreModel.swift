/// How long Velero backups and restores take, and what the failure plan says about volumes. Velero
/// publishes no restore durations (docs/chaos-and-backup.md, section B.6), so every figure is a parameter
/// (`restore:` in a FailurePlan) with a documented default:
/// - detection: 5 minutes until someone (or an alert) notices the namespace is gone [design];
/// - operator delay: 0 (automation starts the restore at once) [design];
/// - namespace finalization: 0 (Velero waits up to 10 minutes, `--terminating-resource-timeout`, for
///   a namespace still terminating; a deleted one is already gone);
/// - metadata: objects are created one at a time (Velero's restore reference; docs/failure-files.md, section 7.2); 10 objects per workload
///   (Deployment, ReplicaSet, Service, ConfigMap, Secret, ServiceAccount, Role, RoleBinding, PVC,
///   VPA) plus one per pod, at 50 ms each [design];
/// - volume data: the namespace's `volume_bytes` (default 0) at 150 MB/s, the large-file throughput of
///   Velero's Kopia file-system backup in its performance guide (about 150 MB/s for 900 GB at 4c4g).
/// A backup takes the same metadata and data time.
public struct RestoreModel: Sendable, Equatable {
    public var detectionDelay: Int64 = 300_000
    public var operatorDelay: Int64 = 0
    public var namespaceFinalization: Int64 = 0
    public var objectsPerWorkload: Int = 10
    public var objectCreateSeconds: Double = 0.05
    /// Bytes of persistent volume data per namespace.
    public var volumeBytes: [String: Double] = [:]
    public var throughputBytesPerSecond: Double = 150e6
    /// A volume snapshot provider is configured, so a Schedule that leaves `snapshotVolumes` unset
    /// snapshots volumes (Velero's rule for an unset field); `volume_snapshot_provider` in `restore:`.
    public var volumeSnapshotProvider = true

    public init() {}

    /// Metadata and data time for a namespace of `workloads` workloads and `pods` pods, milliseconds.
    public func transferTime(namespace: String, workloads: Int, pods: Int, withVolumes: Bool) -> Int64 {
        let objects = Double(workloads * objectsPerWorkload + pods)
        var seconds = objects * objectCreateSeconds
        if withVolumes { seconds += (volumeBytes[namespace] ?? 0) / throughputBytesPerSecond }
        return Int64((seconds * 1000).rounded(.up))
    }

    /// From the deletion to the moment pods can start: detection, operator delay, finalization,
    /// metadata and volume data, milliseconds.
    public func restoreTime(namespace: String, workloads: Int, pods: Int, withVolumes: Bool) -> Int64 {
        detectionDelay + operatorDelay + namespaceFinalization
            + transferTime(namespace: namespace, workloads: workloads, pods: pods, withVolumes: withVolumes)
    }
}

import OpexsimTraces

/// Container events of the replay that policies may react to.
public enum ContainerEvent: Sendable, Equatable {
    /// The kernel OOM-killed the container; `memoryRequest` is its request at the time.
    case oomKilled(series: Int, at: TraceInstant, memoryRequest: Double?, memoryLimit: Double?, workingSet: Double)
    /// The container started again after a crash.
    case restarted(series: Int, at: TraceInstant)
}

/// Events of a whole namespace that policies keeping state in the cluster may react to (the VPA keeps
/// its history in VerticalPodAutoscalerCheckpoint objects in the namespace).
public enum NamespaceEvent: Sendable, Equatable {
    /// A backup that holds the namespace's VPA checkpoints captured its state now (`snapshot` names it).
    case checkpointed(namespace: String, snapshot: Int)
    /// The namespace and all its objects are gone.
    case deleted(namespace: String)
    /// The namespace is back from a backup; `snapshot` is the checkpoint state restored with it, nil
    /// when the backup held none.
    case restored(namespace: String, snapshot: Int?)
}

import OpexsimTraces

/// Observed samples of one series: valid only during the `observe` call.
public struct ObservationBatch {
    /// Index into `Trace.series`.
    public var series: Int
    /// Index into `Trace.containers`.
    public var containerIndex: Int
    /// Sample end times.
    public var time: UnsafeBufferPointer<TraceInstant>
    /// Sample start times: each sample covers `(start, time]`.
    public var start: UnsafeBufferPointer<TraceInstant>
    /// CPU the container was served, cores averaged over its running time in the interval; NaN
    /// when it did not run at all.
    public var cpu: UnsafeBufferPointer<Double>
    /// Working set seen, bytes (at most the memory limit); NaN when not running or not recorded.
    public var memory: UnsafeBufferPointer<Double>
    /// The container's CPU request when the batch was handed over, cores (0 when unset).
    public var cpuRequest: Double

    public init(
        series: Int, containerIndex: Int, time: UnsafeBufferPointer<TraceInstant>,
        start: UnsafeBufferPointer<TraceInstant>,
        cpu: UnsafeBufferPointer<Double>, memory: UnsafeBufferPointer<Double>, cpuRequest: Double = 0
    ) {
        self.series = series
        self.containerIndex = containerIndex
        self.time = time
        self.start = start
        self.cpu = cpu
        self.memory = memory
        self.cpuRequest = cpuRequest
    }
}

/// One series: a container of one pod (a replica), with its samples in a contiguous, time-ordered
/// range of the trace's columns. Names are ids in `Trace.names`.
public struct TraceSeries: Sendable, Equatable {
    public var namespaceName: Int32
    public var workloadName: Int32
    public var containerName: Int32
    public var podName: Int32
    /// The node the replica ran on, or -1 when the trace does not say.
    public var nodeName: Int32
    /// The cost owner: the trace's `team`, else the namespace.
    public var teamName: Int32
    /// The pod's labels as `LabelSet.text` (a names id), -1 when the trace does not record them.
    public var labelsName: Int32 = -1
    /// The pod's annotations, likewise.
    public var annotationsName: Int32 = -1
    /// Indices of this series' samples in the trace columns.
    public var range: Range<Int>
    /// The nominal sampling interval of this series (median step), in milliseconds.
    public var interval: Int64
    /// Time not covered by data because a step exceeded three sampling intervals.
    public var gapTime: Int64
    // The groupings' indices in 32 bits, side by side (a trace holds fewer than 2^31 of each).
    /// Index into `Trace.containers`.
    @Int32Backed public var containerIndex: Int
    /// Index into `Trace.pods`.
    @Int32Backed public var podIndex: Int
    /// Index into `Trace.workloads`.
    @Int32Backed public var workloadIndex: Int

    public init(
        namespaceName: Int32, workloadName: Int32, containerName: Int32, podName: Int32, nodeName: Int32,
        teamName: Int32, labelsName: Int32 = -1, annotationsName: Int32 = -1, range: Range<Int>, interval: Int64,
        gapTime: Int64, containerIndex: Int, podIndex: Int, workloadIndex: Int
    ) {
        (self.namespaceName, self.workloadName, self.containerName) = (namespaceName, workloadName, containerName)
        (self.podName, self.nodeName, self.teamName) = (podName, nodeName, teamName)
        (self.labelsName, self.annotationsName) = (labelsName, annotationsName)
        (self.range, self.interval, self.gapTime) = (range, interval, gapTime)
        (self.containerIndex, self.podIndex, self.workloadIndex) = (containerIndex, podIndex, workloadIndex)
    }

    /// Time covered by samples: from one interval before the first sample to the last, minus gaps.
    public func coveredTime(in trace: Trace) -> Int64 {
        guard !range.isEmpty else { return 0 }
        return trace.time[range.upperBound - 1] - trace.time[range.lowerBound] + interval - gapTime
    }
}

/// A container of a workload (namespace, workload, container), over all its replicas.
public struct TraceContainer: Sendable, Equatable {
    public var namespaceName: Int32
    public var workloadName: Int32
    public var containerName: Int32
    /// Held in 32 bits beside the names (a trace of a million containers keeps a million of these).
    @Int32Backed public var workloadIndex: Int
    public var series: IndexList

    public init(namespaceName: Int32, workloadName: Int32, containerName: Int32, workloadIndex: Int, series: IndexList)
    {
        self.namespaceName = namespaceName
        self.workloadName = workloadName
        self.containerName = containerName
        self.workloadIndex = workloadIndex
        self.series = series
    }
}

/// A pod (replica) of a workload: the series of its containers.
public struct TracePod: Sendable, Equatable {
    public var namespaceName: Int32
    public var workloadName: Int32
    public var podName: Int32
    /// Held in 32 bits beside the names.
    @Int32Backed public var workloadIndex: Int
    public var series: IndexList

    public init(namespaceName: Int32, workloadName: Int32, podName: Int32, workloadIndex: Int, series: IndexList) {
        self.namespaceName = namespaceName
        self.workloadName = workloadName
        self.podName = podName
        self.workloadIndex = workloadIndex
        self.series = series
    }
}

/// A workload (namespace, workload) with its containers and pods.
public struct TraceWorkload: Sendable, Equatable {
    public var namespaceName: Int32
    public var workloadName: Int32
    public var teamName: Int32
    public var containers: IndexList
    public var pods: IndexList
}

/// A utilization trace in memory, stored column-wise. Samples of one series are contiguous and
/// sorted by time; series are sorted by namespace, workload, container and pod name.
///
/// A sample at time `t` describes the interval `(t - step, t]`, where `step` is the distance to the
/// previous sample of the series, or the series' nominal interval for the first sample and after a
/// gap (a step longer than three nominal intervals, which counts as "no data", never as zero usage).
public struct Trace: Sendable {
    /// The files the trace was read from, in order.
    public var files: [String] = []
    public var names = NameTable()
    public var series: [TraceSeries] = []
    public var containers: [TraceContainer] = []
    public var pods: [TracePod] = []
    public var workloads: [TraceWorkload] = []

    /// Sample end times, milliseconds since the Unix epoch.
    public var time: [TraceInstant] = []
    /// Mean CPU used over the sample interval, cores.
    public var cpu: [Double] = []
    /// Working-set bytes (the interval's peak where known); NaN where not recorded.
    public var memory: [Double] = []
    /// Index into `settings` of the requests and limits recorded with each sample.
    public var settingsIndex: [UInt32] = []
    /// The distinct recorded settings.
    public var settings: [ResourceSettings] = []
    /// Observed fraction of CFS periods throttled; empty when the trace has no such column, NaN
    /// in cells left empty.
    public var throttledRatio: [Double] = []
    /// 1 where an OOM kill was recorded in the interval; empty when the trace has no such column.
    public var oomKilled: [UInt8] = []
    /// Percentile levels (0...100) of the within-interval CPU distribution columns, ascending.
    public var cpuPercentileLevels: [Double] = []
    /// Within-interval CPU percentiles, `cpuPercentileLevels.count` values per sample; NaN if absent.
    public var cpuPercentiles: [Double] = []
    /// Source line of each sample in its file; empty when the reader did not keep lines (it reads
    /// the input again, keeping them, when an error must name a row).
    public var sourceLine: [UInt32] = []
    /// Source file (index into `files`) of each sample; empty when there is one file.
    public var sourceFile: [UInt16] = []

    /// The trace's nominal sampling interval (median of the series' intervals), milliseconds.
    public var interval: Int64 = 0
    /// Rows skipped as malformed (with `skipBadRows`).
    public var skippedRows: Int = 0
    /// Problems worth telling the user that did not stop the read.
    public var warnings: [String] = []

    public init() {}

    /// Number of samples (rows) kept.
    public var sampleCount: Int { time.count }
    /// True when at least one sample has a working-set value.
    public var hasMemory: Bool { memory.contains { !$0.isNaN } }

    /// Start of the covered time: one interval before the earliest sample.
    public var start: TraceInstant {
        series.lazy.filter { !$0.range.isEmpty }.map { self.time[$0.range.lowerBound] - $0.interval }.min() ?? 0
    }

    /// The latest sample time.
    public var end: TraceInstant {
        series.lazy.filter { !$0.range.isEmpty }.map { self.time[$0.range.upperBound - 1] }.max() ?? 0
    }

    /// Total gap time over all series, milliseconds.
    public var gapTime: Int64 { series.reduce(0) { $0 + $1.gapTime } }

    /// Total covered time over all series, milliseconds.
    public var coveredTime: Int64 { series.reduce(0) { $0 + $1.coveredTime(in: self) } }

    /// "namespace/workload/container" of a container.
    public func name(of container: TraceContainer) -> String {
        "\(names[container.namespaceName])/\(names[container.workloadName])/\(names[container.containerName])"
    }

    /// Where sample `index` came from, as `file:line` (line 0 when lines were not kept).
    public func sourceLocation(of index: Int) -> (file: String, line: Int) {
        let file = sourceFile.isEmpty ? 0 : Int(sourceFile[index])
        return (files.isEmpty ? "" : files[file], sourceLine.isEmpty ? 0 : Int(sourceLine[index]))
    }

    /// The recorded settings of a container at the end of the trace (its latest replica's last sample).
    public func finalRecordedSettings(ofContainer container: Int) -> ResourceSettings {
        let latest =
            containers[container].series.max { a, b in
                time[series[a].range.upperBound - 1] < time[series[b].range.upperBound - 1]
            } ?? containers[container].series[0]
        let range = series[latest].range
        return range.isEmpty ? .unset : settings[Int(settingsIndex[range.upperBound - 1])]
    }
}

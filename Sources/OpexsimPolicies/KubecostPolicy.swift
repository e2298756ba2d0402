import OpexsimTraces

/// `kubecost`: Kubecost's request right-sizing (`/model/savings/requestSizingV2`). One
/// recommendation per container spec: base = the largest sample of any replica in the window (or
/// a quantile of all replicas' samples pooled), request = max(base ÷ target utilization, floor).
/// CPU is rounded up to whole millicores (the docs' 100m ÷ 0.8 → 125m) and memory up to whole
/// bytes. Kubecost recommends no limits, so the recorded limits are kept; a request above its
/// recorded limit is lowered to the limit when applied, since Kubernetes rejects request > limit.
///
/// Kubecost reports on demand; here it is learned walk-forward like `percentile`: applied at the
/// end of the warmup and re-learned at every reapply interval, from the samples in
/// (tick − window, tick]. A resource without samples in the window keeps its recorded settings.
public final class KubecostPolicy: CataloguedPolicy, LearningPolicy, PartitionablePolicy {
    /// How the base of a resource is taken from its samples.
    public enum Algorithm: Sendable, Equatable, CustomStringConvertible {
        /// The largest sample of any replica (`max`, Kubecost's default).
        case max
        /// This quantile (0, 1] of all replicas' samples pooled (`quantile`), with linear
        /// interpolation (R-7; Kubecost does not document its method).
        case quantile(Double)

        public var description: String {
            switch self {
            case .max: return "max"
            case .quantile(let q): return "quantile(\(q.shortText))"
            }
        }
    }

    public let spec: PolicySpec
    public let parameters: Parameters

    /// What a `kubecost` spec sets.
    public struct Parameters: Sendable, Equatable {
        /// `algorithm-cpu` (`algorithmCPU`), default `max`; `quantile` takes `q-cpu` (`qCPU`).
        public var cpuAlgorithm: Algorithm
        /// `algorithm-ram` (`algorithmRAM`), default `max`; `quantile` takes `q-ram` (`qRAM`).
        public var memoryAlgorithm: Algorithm
        /// `target-cpu-utilization` (`targetCPUUtilization`), default 0.7; text that is not a number
        /// falls back to 0.7, as Kubecost documents.
        public var targetCPUUtilization: Double
        /// `target-ram-utilization` (`targetRAMUtilization`), default 0.7, with the same fallback.
        public var targetMemoryUtilization: Double
        /// Smallest CPU request, cores: `min-rec-cpu-millicores` (`minRecCPUMillicores`), default 10.
        public var minimumCPU: Double
        /// Smallest memory request, bytes: `min-rec-ram-bytes` (`minRecRAMBytes`), default 20 MiB.
        public var minimumMemory: Double
        /// History used, milliseconds: `window`, default 2d (Kubecost requires it and suggests more
        /// than 2d).
        public var window: Int64
    }

    public static let parameterNames = [
        "window", "algorithm-cpu", "algorithm-ram", "q-cpu", "q-ram", "target-cpu-utilization",
        "target-ram-utilization", "min-rec-cpu-millicores", "min-rec-ram-bytes",
    ]

    /// Samples of all replicas of one container, times alongside.
    struct Samples {
        var time: [TraceInstant] = []
        var value: [Double] = []

        /// The values later than `since`.
        func values(after since: TraceInstant) -> [Double] {
            var selected: [Double] = []
            for (time, value) in zip(time, value) where time > since { selected.append(value) }
            return selected
        }

        /// Forgets the values at or before `since` (replicas interleave, so filter).
        mutating func forget(through since: TraceInstant) {
            var kept = 0
            for index in time.indices where time[index] > since {
                (time[kept], value[kept]) = (time[index], value[index])
                kept += 1
            }
            time.removeLast(time.count - kept)
            value.removeLast(value.count - kept)
        }
    }

    private var context: PolicyContext?
    private var cpu: [Samples] = []
    private var memory: [Samples] = []

    public init(spec: PolicySpec, parameters: Parameters) {
        self.spec = spec
        self.parameters = parameters
    }

    public static func parameters(of spec: PolicySpec) throws -> Parameters {
        let cpuAlgorithm = try algorithm(spec, "algorithm-cpu", quantileKey: "q-cpu")
        let memoryAlgorithm = try algorithm(spec, "algorithm-ram", quantileKey: "q-ram")
        let targetCPUUtilization = try targetUtilization(spec, "target-cpu-utilization")
        let targetMemoryUtilization = try targetUtilization(spec, "target-ram-utilization")
        return Parameters(
            cpuAlgorithm: cpuAlgorithm, memoryAlgorithm: memoryAlgorithm, targetCPUUtilization: targetCPUUtilization,
            targetMemoryUtilization: targetMemoryUtilization,
            minimumCPU: try spec.number("min-rec-cpu-millicores", default: 10, in: 0...1e12) / 1000,
            minimumMemory: try spec.number("min-rec-ram-bytes", default: 20 * 1_048_576, in: 0...1e18),
            window: try spec.duration("window", default: 2 * 86_400_000)!)
    }

    static func algorithm(_ spec: PolicySpec, _ key: String, quantileKey: String) throws -> Algorithm {
        switch spec[key]?.lowercased() ?? "max" {
        case "max":
            if spec[quantileKey] != nil {
                throw PolicyError("policy \(spec.name): \(quantileKey) needs \(key)=quantile")
            }
            return .max
        case "quantile":
            guard spec[quantileKey] != nil else {
                throw PolicyError("policy \(spec.name): \(key)=quantile needs \(quantileKey), a quantile in (0, 1]")
            }
            let q = try spec.number(quantileKey, default: 1, in: 0...1)
            guard q > 0 else {
                throw PolicyError(
                    "policy \(spec.name): \(quantileKey) must be in (0, 1], found \"\(spec[quantileKey]!)\"")
            }
            return .quantile(q)
        default:
            throw PolicyError("policy \(spec.name): \(key) must be max or quantile, found \"\(spec[key]!)\"")
        }
    }

    /// A target utilization: 0.7 when absent or not a number (Kubecost's documented fallback);
    /// a number must be positive.
    static func targetUtilization(_ spec: PolicySpec, _ key: String) throws -> Double {
        guard let text = spec[key], let value = Double(text) else { return 0.7 }
        guard value > 0, value.isFinite else {
            throw PolicyError("policy \(spec.name): \(key) must be a positive ratio such as 0.7, found \"\(text)\"")
        }
        return value
    }

    /// The containers' samples: nothing of them is read after the replay.
    public func dropReplayState() { (cpu, memory) = ([], []) }

    public func prepare(_ context: PolicyContext) {
        self.context = context
        cpu = Array(repeating: Samples(), count: context.speaksForParts ? 0 : context.trace.containers.count)
        memory = cpu
    }

    public func nextTick(after time: TraceInstant) -> TraceInstant? {
        context?.learningTick(after: time)
    }

    /// Learned for its ticks alone: nothing else reads what it observed during the replay.
    public var learnsOnlyForTicks: Bool { true }

    public func observe(_ batch: ObservationBatch) {
        var cpu = self.cpu[batch.containerIndex], memory = self.memory[batch.containerIndex]
        (self.cpu[batch.containerIndex], self.memory[batch.containerIndex]) = (Samples(), Samples())
        for i in 0..<batch.time.count {
            if !batch.cpu[i].isNaN {
                cpu.time.append(batch.time[i])
                cpu.value.append(batch.cpu[i])
            }
            if !batch.memory[i].isNaN {
                memory.time.append(batch.time[i])
                memory.value.append(batch.memory[i])
            }
        }
        (self.cpu[batch.containerIndex], self.memory[batch.containerIndex]) = (cpu, memory)
    }

    public func record(_ event: ContainerEvent) {}

    /// The base of one resource from its samples; nil without samples.
    static func base(_ values: [Double], _ algorithm: Algorithm) -> Double? {
        switch algorithm {
        case .max: return values.max()
        case .quantile(let q): return Percentile.of(values, percentile: q * 100)
        }
    }

    /// Whole bytes, rounded up.
    static func roundBytes(_ bytes: Double) -> Double { (bytes - 1e-6).rounded(.up) }

    /// The recommended requests of a container at `time`; nil for a resource without samples.
    func recommended(container: Int, at time: TraceInstant) -> ResourceAmounts {
        let since = time - parameters.window
        let cpuRequest = Self.base(cpu[container].values(after: since), parameters.cpuAlgorithm).map {
            PercentilePolicy.roundCPU(max($0 / parameters.targetCPUUtilization, parameters.minimumCPU))
        }
        let memoryRequest = Self.base(memory[container].values(after: since), parameters.memoryAlgorithm).map {
            Self.roundBytes(max($0 / parameters.targetMemoryUtilization, parameters.minimumMemory))
        }
        return ResourceAmounts(cpuCores: cpuRequest, memoryBytes: memoryRequest)
    }

    /// The requests as settings: recommended requests, recorded limits, the rest as recorded.
    static func override(_ requests: ResourceAmounts) -> SettingsOverride {
        SettingsOverride(
            cpuRequest: requests.cpuCores.map { .value($0) } ?? .recorded,
            memoryRequest: requests.memoryBytes.map { .value($0) } ?? .recorded)
    }

    public func tick(at time: TraceInstant, cluster: any ClusterView) -> [PolicyAction] {
        var actions: [PolicyAction] = []
        for container in cluster.trace.containers.indices {
            let override = Self.override(recommended(container: container, at: time))
            if override != .recorded { actions.append(.apply(container: container, override)) }
            // Later ticks look at later windows.
            cpu[container].forget(through: time - parameters.window)
            memory[container].forget(through: time - parameters.window)
        }
        return actions
    }

    public func recommendations(at time: TraceInstant, cluster: any ClusterView) -> [ContainerRecommendation] {
        cluster.trace.containers.indices.map { container in
            let requests = recommended(container: container, at: time)
            let settings = Self.override(requests).applied(to: cluster.recordedSettings(ofContainer: container))
            return ContainerRecommendation(containerIndex: container, target: requests, settings: settings)
        }
    }
}

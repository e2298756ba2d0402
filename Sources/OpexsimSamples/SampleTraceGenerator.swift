import OpexsimEngine
import OpexsimTraces

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Generates the sample trace shipped in `datasets/`: a small shop-like cluster recorded under its
/// current settings. CPU demand varies per second inside each sample (`SampleSeconds`) and is
/// recorded as a limited container would report it: the mean of min(demand, limit), with the share of
/// seconds above the limit as `cpu_throttled_ratio`. A working set that reaches its limit is an OOM kill
/// (`oom_killed`), after which the container starts over. Seeded: the same seed gives the same bytes.
public struct SampleTraceGenerator: Sendable {
    public var seed: UInt64
    public var start: TraceInstant
    public var duration: Int64
    public var interval: Int64
    public var workloads: [SampleWorkload]

    public init(
        seed: UInt64 = 7, start: TraceInstant = 1_767_571_200_000, duration: Int64 = 2 * 86_400_000,
        interval: Int64 = 300_000, workloads: [SampleWorkload] = SampleTraceGenerator.shop, copies: Int = 1
    ) {
        self.seed = seed
        self.start = start
        self.duration = duration
        self.interval = interval
        if copies <= 1 {
            self.workloads = workloads
        } else {
            // Copies of the cluster in their own namespaces (`shop-2`, ...), for larger traces.
            self.workloads = (1...copies).flatMap { copy in
                workloads.map { workload in
                    var copied = workload
                    if copy > 1 { copied.namespace += "-\(copy)" }
                    return copied
                }
            }
        }
    }

    static let mi = 1_048_576.0
    static let gi = 1_073_741_824.0

    /// The default cluster: diurnal web traffic, a bursty API under a tight CPU limit, an
    /// over-provisioned cache, a leaking worker, a JVM with a sawtooth heap, a gateway without
    /// limits, a batch job and a database.
    public static let shop: [SampleWorkload] = [
        SampleWorkload(
            namespace: "shop", workload: "frontend", container: "web", team: "storefront", replicas: 3,
            settings: ResourceSettings(cpuRequest: 0.5, cpuLimit: 1, memoryRequest: 512 * mi, memoryLimit: gi),
            cpu: .diurnal(cores: 0.22, amplitude: 0.7, peakHour: 14),
            memory: .steady(bytes: 260 * mi, perCore: 150 * mi),
            burstiness: 0.6),
        SampleWorkload(
            namespace: "shop", workload: "checkout", container: "api", team: "storefront", replicas: 2,
            settings: ResourceSettings(cpuRequest: 0.2, cpuLimit: 0.4, memoryRequest: 256 * mi, memoryLimit: 384 * mi),
            cpu: .bursty(baseCores: 0.12, burstCores: 0.55, burstMinutes: 20, everyMinutes: 180),
            memory: .steady(bytes: 190 * mi, perCore: 80 * mi), burstiness: 0.9),
        SampleWorkload(
            namespace: "shop", workload: "cart", container: "redis", team: "storefront", replicas: 1,
            settings: ResourceSettings(cpuRequest: 0.25, cpuLimit: nil, memoryRequest: 512 * mi, memoryLimit: 512 * mi),
            cpu: .steady(cores: 0.03), memory: .steady(bytes: 120 * mi, perCore: 0), burstiness: 0.3),
        SampleWorkload(
            namespace: "payments", workload: "ledger", container: "worker", team: "payments", replicas: 1,
            settings: ResourceSettings(cpuRequest: 0.1, cpuLimit: 0.5, memoryRequest: 384 * mi, memoryLimit: 512 * mi),
            cpu: .steady(cores: 0.08), memory: .leak(baseBytes: 210 * mi, bytesPerHour: 14 * mi), burstiness: 0.5),
        SampleWorkload(
            namespace: "payments", workload: "fraud-scorer", container: "jvm", team: "payments", replicas: 1,
            settings: ResourceSettings(cpuRequest: 1, cpuLimit: 2, memoryRequest: 1.5 * gi, memoryLimit: 2 * gi),
            cpu: .diurnal(cores: 0.35, amplitude: 0.4, peakHour: 15),
            memory: .sawtooth(lowBytes: 600 * mi, highBytes: 1400 * mi, cycleMinutes: 50),
            burstiness: 0.7),
        SampleWorkload(
            namespace: "platform", workload: "ingest", container: "gateway", team: "platform", replicas: 2,
            settings: ResourceSettings(cpuRequest: 0.3, cpuLimit: nil, memoryRequest: 256 * mi, memoryLimit: nil),
            cpu: .diurnal(cores: 0.18, amplitude: 0.5, peakHour: 11),
            memory: .steady(bytes: 150 * mi, perCore: 100 * mi),
            burstiness: 0.8),
        SampleWorkload(
            namespace: "platform", workload: "nightly-etl", container: "etl", team: "data", replicas: 1,
            settings: ResourceSettings(cpuRequest: 0.5, cpuLimit: 2, memoryRequest: gi, memoryLimit: 2 * gi),
            cpu: .batch(activeCores: 1.4, idleCores: 0.01, activeMinutes: 60, periodMinutes: 360),
            memory: .steady(bytes: 300 * mi, perCore: 500 * mi), burstiness: 0.4),
        SampleWorkload(
            namespace: "data", workload: "postgres", container: "db", team: "data", replicas: 1,
            settings: ResourceSettings(cpuRequest: 1, cpuLimit: 1, memoryRequest: 2 * gi, memoryLimit: 2 * gi),
            cpu: .diurnal(cores: 0.3, amplitude: 0.3, peakHour: 14),
            memory: .steady(bytes: 1700 * mi, perCore: 20 * mi),
            burstiness: 0.5),
    ]

    /// The trace as canonical CSV bytes.
    public func generate() -> [UInt8] {
        var writer = Self.writer()
        generate(into: &writer)
        return writer.bytes
    }

    /// A writer with the sample's columns, streaming to `output` if given.
    public static func writer(output: StreamingFile? = nil) -> CanonicalTraceWriter {
        CanonicalTraceWriter(throttledRatio: true, oomKilled: true, output: output)
    }

    /// Each workload's replicas, named as a Deployment names its pods (`<workload>-<hash>-<suffix>`),
    /// spread over three nodes, each leaking from up to an hour before the start, each with its own
    /// random stream (so that replicas can be generated on different cores).
    func makeReplicas() -> [SampleReplica] {
        var random = SeededRandom(seed: seed)
        let nodes = ["node-a", "node-b", "node-c"]
        var replicas: [SampleReplica] = []
        let hashAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        for workload in workloads {
            var hash = ""
            for _ in 0..<10 { hash.append(hashAlphabet[Int(random.next() % UInt64(hashAlphabet.count))]) }
            for _ in 0..<workload.replicas {
                var suffix = ""
                for _ in 0..<5 { suffix.append(hashAlphabet[Int(random.next() % UInt64(hashAlphabet.count))]) }
                var replica = SampleReplica(
                    workload: workload, name: "\(workload.workload)-\(hash)-\(suffix)",
                    node: nodes[(replicas.count + 1) % nodes.count],
                    random: SampleRandom(seed: seed, stream: UInt64(replicas.count)),
                    leakStart: start - Int64(random.nextUnit() * 3_600_000))
                replica.formatCells(workload)
                replicas.append(replica)
            }
        }
        return replicas
    }

    /// Appends the row of `replica` for the sample ending at `t` (its timestamp already formatted as
    /// `time`, its fixed cells as `cells`), moving the replica's state on by one sample.
    func appendRow(
        at t: TraceInstant, time: UnsafeBufferPointer<UInt8>, cells: SampleRowCells, replica: inout SampleReplica,
        into bytes: inout [UInt8]
    ) {
        let seconds = Int(interval / 1000)
        let level = cpuLevel(at: t, replica: &replica)
        let limit = replica.cpuLimit
        let demand = SampleSeconds.draw(
            level: level, limit: limit, spread: replica.spread, seconds: seconds, random: &replica.random)
        let (memory, oom) = memoryUsage(at: t, demandSum: demand.demand, seconds: seconds, replica: &replica)
        bytes.append(contentsOf: time)
        bytes.append(contentsOf: cells.identity)
        CanonicalTraceWriter.writeNumber(demand.used / Double(seconds), decimals: 4, into: &bytes)
        bytes.append(UInt8(ascii: ","))
        CanonicalTraceWriter.writeNumber(memory, decimals: 0, into: &bytes)
        bytes.append(contentsOf: cells.settings)
        if limit.isFinite {
            CanonicalTraceWriter.writeNumber(Double(demand.throttled) / Double(seconds), decimals: 3, into: &bytes)
        }
        bytes.append(UInt8(ascii: ","))
        bytes.append(UInt8(ascii: oom ? "1" : "0"))
        bytes.append(UInt8(ascii: "\n"))
    }

    /// The working set of a replica in the sample ending at `t`, in whole bytes, and whether it reached
    /// the memory limit: an OOM kill, after which a leak starts over.
    func memoryUsage(
        at t: TraceInstant, demandSum: Double, seconds: Int, replica: inout SampleReplica
    ) -> (bytes: Double, oomKilled: Bool) {
        var memory: Double
        var oom = false
        switch replica.memory {
        case .steady(let bytes, let perCore):
            memory = bytes + perCore * demandSum / Double(seconds) + 4 * Self.mi * replica.random.gaussian()
        case .leak(let base, let perHour):
            memory =
                base + perHour * Double(t - replica.leakStart) / 3_600_000 + 2 * Self.mi * replica.random.gaussian()
            if let limit = replica.memoryLimit, memory >= limit {
                memory = limit
                oom = true
                replica.leakStart = t
            }
        case .sawtooth(let low, let high, let cycle):
            let phase = Double((t - start) / 1000).truncatingRemainder(dividingBy: cycle * 60) / (cycle * 60)
            memory = low + (high - low) * phase + 8 * Self.mi * replica.random.gaussian()
        }
        return (max(memory, 16 * Self.mi).rounded(), oom)
    }

    /// Mean CPU demand of a replica over the sample ending at `t`, with slow AR(1) noise.
    func cpuLevel(at t: TraceInstant, replica: inout SampleReplica) -> Double {
        replica.noise = 0.85 * replica.noise + 0.15 * replica.random.gaussian()
        let wobble = max(0.2, 1 + 0.35 * replica.noise)
        let minutes = Double(t - start) / 60_000
        let level: Double
        switch replica.cpu {
        case .diurnal(let cores, let amplitude, let peakHour):
            let hour = Double(t % 86_400_000) / 3_600_000
            level = cores * (1 + amplitude * cos(2 * Double.pi * (hour - peakHour) / 24)) * wobble
        case .bursty(let base, let burst, let burstMinutes, let every):
            if replica.burstLeft <= 0 && replica.random.unit() < Double(interval) / 60_000 / every {
                replica.burstLeft = burstMinutes
            }
            if replica.burstLeft > 0 {
                replica.burstLeft -= Double(interval) / 60_000
                level = burst * wobble
            } else {
                level = base * wobble
            }
        case .steady(let cores):
            level = cores * wobble
        case .batch(let active, let idle, let activeMinutes, let period):
            level = (minutes.truncatingRemainder(dividingBy: period) < activeMinutes ? active : idle) * wobble
        }
        return max(level, 0.001)
    }
}

import OpexsimTraces

/// One replica of the sample trace: its identity, the bytes of its row that never change, its own
/// random stream and the state its demand carries from one sample to the next.
struct SampleReplica {
    /// Its workload's demand patterns and limits, copied so that a row reads no shared state.
    let cpu: SampleWorkload.Pattern
    let memory: SampleWorkload.MemoryPattern
    let cpuLimit: Double
    let memoryLimit: Double?
    let spread: SampleSeconds.Spread
    var name: String
    var node: String
    /// `,namespace,workload,container,pod,`: the cells between the timestamp and the CPU.
    var identityCells: [UInt8] = []
    /// `,cpu_request,cpu_limit,memory_request,memory_limit,node,team,`: between memory and throttling.
    var settingsCells: [UInt8] = []
    var random: SampleRandom
    /// Slow AR(1) noise of its CPU level.
    var noise = 0.0
    /// Where its memory leak started (the trace's start or its last OOM kill).
    var leakStart: TraceInstant
    /// Minutes left in its current CPU burst.
    var burstLeft = 0.0

    init(workload: SampleWorkload, name: String, node: String, random: SampleRandom, leakStart: TraceInstant) {
        cpu = workload.cpu
        memory = workload.memory
        cpuLimit = workload.settings.cpuLimit ?? .infinity
        memoryLimit = workload.settings.memoryLimit
        spread = SampleSeconds.Spread(sigma: workload.burstiness)
        self.name = name
        self.node = node
        self.random = random
        self.leakStart = leakStart
    }

    /// Fills the row's fixed cells from its workload.
    mutating func formatCells(_ workload: SampleWorkload) {
        identityCells = [UInt8(ascii: ",")]
        for text in [workload.namespace, workload.workload, workload.container, name] {
            CanonicalTraceWriter.formatText(text, into: &identityCells)
            identityCells.append(UInt8(ascii: ","))
        }
        let settings = workload.settings
        settingsCells = [UInt8(ascii: ",")]
        for text in [
            settings.cpuRequest.map(Quantity.formatCPU) ?? "", settings.cpuLimit.map(Quantity.formatCPU) ?? "",
            settings.memoryRequest.map(Quantity.formatMemory) ?? "",
            settings.memoryLimit.map(Quantity.formatMemory) ?? "", node, workload.team,
        ] {
            CanonicalTraceWriter.formatText(text, into: &settingsCells)
            settingsCells.append(UInt8(ascii: ","))
        }
    }
}

import Dispatch
import OpexsimPolicies
import OpexsimTraces

/// What streaming produced that concerns the whole replay.
struct StreamOutput {
    var restarts: [(TraceInstant, Int)] = []
    var events: [ContainerEvent] = []
    var burstModelSamples = BurstModelCounts()
}

/// Throttled samples per burst model, indexed like `BurstModelKind.allCases`.
struct BurstModelCounts {
    var counts: (Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0)

    subscript(index: Int) -> Int {
        get {
            switch index {
            case 0: return counts.0
            case 1: return counts.1
            case 2: return counts.2
            case 3: return counts.3
            default: return counts.4
            }
        }
        set {
            switch index {
            case 0: counts.0 = newValue
            case 1: counts.1 = newValue
            case 2: counts.2 = newValue
            case 3: counts.3 = newValue
            default: counts.4 = newValue
            }
        }
    }
}

/// The per-shard outputs of a parallel stream; each shard writes only its own series and its own slot.
final class StreamShards: @unchecked Sendable {
    let engine: ReplayEngine
    private(set) var outputs: [StreamOutput]
    private let lock = DispatchQueue(label: "opexsim.stream")

    init(engine: ReplayEngine, outputs: [StreamOutput]) {
        self.engine = engine
        self.outputs = outputs
    }

    func store(_ shard: Int, _ output: StreamOutput) { lock.sync { outputs[shard] = output } }
}

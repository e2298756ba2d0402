/// The percentiles a container's last estimate was made from, and its bases from them.
struct PercentileBases {
    /// Three CPU and three memory percentiles; NaN (equal to nothing) before the first estimate.
    struct Key: Equatable {
        var cpu: SIMD4<Double>
        var memory: SIMD4<Double>

        init(cpu: (Double, Double, Double), memory: (Double, Double, Double)) {
            self.cpu = SIMD4(cpu.0, cpu.1, cpu.2, 0)
            self.memory = SIMD4(memory.0, memory.1, memory.2, 0)
        }

        static let none = Key(cpu: (.nan, .nan, .nan), memory: (.nan, .nan, .nan))
    }

    var key = Key.none
    var bases = VPAEstimator.Bases(
        target: VPAEstimate.Amounts(cpuMillicores: 0, memoryBytes: 0),
        lower: VPAEstimate.Amounts(cpuMillicores: 0, memoryBytes: 0),
        upper: VPAEstimate.Amounts(cpuMillicores: 0, memoryBytes: 0))
}

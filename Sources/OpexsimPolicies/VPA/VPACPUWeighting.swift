extension VPARecommenderParameters {
    /// The weight of one CPU sample before decay (`addCPUSample`, `aggregate_container_state.go`).
    public enum CPUWeighting: Sendable, Equatable {
        /// `minSampleWeight` (0.1) for every sample: upstream since tag 1.4.0 (commit ca812b36a3) and,
        /// since no feeder set the sample's request, in effect every release from 0.2 on.
        case constant
        /// `max(request in cores, minSampleWeight)`: the code before commit ca812b36a3, effective only
        /// in VPA 0.1. Raising the request makes older history count less, so a CPU-starved workload
        /// reacts faster; with an unchanging request it gives the same percentiles as `.constant`.
        case request

        /// The weight of a sample taken while the container's CPU request was `requestMillicores`
        /// (0 when unset).
        public func weight(requestMillicores: Int64, minSampleWeight: Double) -> Double {
            switch self {
            case .constant: return minSampleWeight
            case .request: return max(Double(requestMillicores) / 1000.0, minSampleWeight)
            }
        }
    }
}

extension Trace {
    /// Containers (`Trace.containers` indices) whose every sample recorded no request and no limit:
    /// their pods ran BestEffort, with nothing reserved for them.
    public var bestEffortContainers: [Int] {
        let unset = settings.map { $0 == .unset }
        return containers.indices.filter { container in
            containers[container].series.allSatisfy { s in
                series[s].range.allSatisfy { unset[Int(settingsIndex[$0])] }
            }
        }
    }
}

/// How a node shares its CPU among containers that want more than it has: in proportion to their
/// CPU requests (the cgroup `cpu.shares` weight, about millicores × 1024 / 1000, at least 2 shares,
/// i.e. about 0.002 cores, for containers without a request). A container that wants less than its
/// proportional share gets what it wants, and the rest is shared among the others again.
public enum CPUShares {
    /// The smallest weight, in cores: the kernel's minimum of 2 shares out of 1024 per core.
    public static let minimumWeight = 2.0 / 1024

    /// Cores granted to each container of `demands` (cores) with `requests` (cores) on `capacity`
    /// cores. Everyone gets their demand when the total fits.
    public static func grant(demands: [Double], requests: [Double], capacity: Double) -> [Double] {
        precondition(demands.count == requests.count, "\(demands.count) demands for \(requests.count) requests")
        let total = demands.reduce(0, +)
        guard total > capacity else { return demands }
        var granted = [Double](repeating: 0, count: demands.count)
        let weights = requests.map { max($0, minimumWeight) }
        // The smallest demand per weight is satisfied first.
        let order = demands.indices.sorted { a, b in
            let ra = demands[a] / weights[a], rb = demands[b] / weights[b]
            return ra != rb ? ra < rb : a < b
        }
        var left = max(0, capacity)
        var weightLeft = order.reduce(0) { $0 + weights[$1] }
        for (position, index) in order.enumerated() {
            let share = weightLeft > 0 ? left * weights[index] / weightLeft : 0
            if demands[index] <= share {
                granted[index] = demands[index]
                left -= demands[index]
                weightLeft -= weights[index]
            } else {
                // Everyone from here on wants more than their share: each gets the share.
                for other in order[position...] {
                    granted[other] = weightLeft > 0 ? left * weights[other] / weightLeft : 0
                }
                break
            }
        }
        return granted
    }
}

/// How capacity is bought: shares of on-demand, spot and committed-use (reserved, savings plan)
/// capacity, adding up to 1.
public struct CapacityMix: Sendable, Equatable {
    public var onDemand: Double
    public var spot: Double
    public var committed: Double

    /// All on-demand.
    public static let onDemand = CapacityMix(onDemand: 1, spot: 0, committed: 0)

    public init(onDemand: Double, spot: Double, committed: Double) {
        self.onDemand = onDemand
        self.spot = spot
        self.committed = committed
    }

    /// The mix-weighted price of something that costs `onDemand` on demand, `spot` as spot capacity
    /// and `onDemand × (1 − committedDiscount)` under a commitment.
    public func blended(onDemand price: Double, spot spotPrice: Double?, committedDiscount: Double?) -> Double {
        onDemand * price + spot * (spotPrice ?? price) + committed * price * (1 - (committedDiscount ?? 0))
    }

    /// "70% on-demand, 30% spot".
    public var description: String {
        var parts: [String] = []
        for (share, name) in [(onDemand, "on-demand"), (spot, "spot"), (committed, "committed")] where share > 0 {
            parts.append("\(Self.percent(share)) \(name)")
        }
        return parts.joined(separator: ", ")
    }

    static func percent(_ share: Double) -> String {
        let value = share * 100
        return value == value.rounded() ? "\(Int(value))%" : "\((value * 10).rounded() / 10)%"
    }
}

import OpexsimTraces

/// Unit prices for allocated resources, as OpenCost applies them: dollars per vCPU-hour and per
/// GiB-hour of max(request, usage).
public struct PricingModel: Sendable, Equatable {
    /// Name shown in reports (`opencost-default`, or the file's `name`).
    public var name: String
    /// Dollars per vCPU-hour.
    public var cpuPerCoreHour: Double
    /// Dollars per GiB-hour (2^30 bytes).
    public var memoryPerGiBHour: Double
    /// Where the prices come from.
    public var source: String

    public init(name: String, cpuPerCoreHour: Double, memoryPerGiBHour: Double, source: String) {
        self.name = name
        self.cpuPerCoreHour = cpuPerCoreHour
        self.memoryPerGiBHour = memoryPerGiBHour
        self.source = source
    }

    /// OpenCost's default custom prices: `configs/default.json` of opencost/opencost ("Default prices
    /// based on GCP us-central1"), CPU 0.031611 $/vCPU-hour, RAM 0.004237 $/GiB-hour.
    public static let openCostDefault = PricingModel(
        name: "opencost-default", cpuPerCoreHour: 0.031611, memoryPerGiBHour: 0.004237,
        source: "OpenCost default custom prices (opencost/opencost configs/default.json, GCP us-central1)")

    /// Models available by name without a file.
    public static let builtIn: [PricingModel] = [openCostDefault]

    /// Hours in a month for projections, as OpenCost and Kubecost use.
    public static let hoursPerMonth = 730.0

    /// Cost of allocated core-seconds and byte-seconds.
    public func cost(cpuCoreSeconds: Double, memoryByteSeconds: Double) -> Double {
        cpuCoreSeconds / 3600 * cpuPerCoreHour + memoryByteSeconds / 3600 / 1_073_741_824 * memoryPerGiBHour
    }
}

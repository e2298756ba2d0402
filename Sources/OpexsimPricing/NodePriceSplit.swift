/// OpenCost's split of a whole-node price into CPU and RAM rates when the provider gives only the
/// node's price (`pkg/costmodel/costmodel.go`, node pricing without a RAM cost): the rates keep the
/// ratio of the default CPU and RAM prices, and the node's cores and GiB at those rates add up to
/// the node price.
public enum NodePriceSplit {
    /// `$ per core-hour` and `$ per GiB-hour` for a node of `cores` vCPUs and `memoryGiB` GiB costing
    /// `nodeHourly`, with CPU:RAM price ratio `ratio` (OpenCost: default `CPU / RAM` ≈ 7.4607; 10 when
    /// that is not a number).
    public static func rates(nodeHourly: Double, cores: Double, memoryGiB: Double, ratio: Double) -> (
        cpuPerCoreHour: Double, memoryPerGiBHour: Double
    ) {
        let ratio = ratio.isNaN || ratio.isInfinite ? 10 : ratio
        let multiple = cores * ratio + memoryGiB
        guard multiple > 0 else { return (0, 0) }
        let ram = nodeHourly / multiple
        return (ram * ratio, ram)
    }
}

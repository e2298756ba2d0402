import OpexsimTraces

/// Turns one kind of input into canonical trace rows.
public protocol TraceImporter {
    /// Reads `inputs` and returns the rows and what was dropped or noticed.
    func run(_ inputs: [String]) throws -> ImportSink
}

/// Settings shared by the importers: names and scales the sources do not carry.
public struct ImportOptions: Sendable {
    /// Namespace for sources without one (Nezha, Bitbrains, Google, Azure, Alibaba).
    public var namespace: String?
    /// The instant that relative times count from (Google µs, Azure offsets, Alibaba seconds).
    public var epoch: TraceInstant?
    /// Cores of the machine that normalized CPU units refer to (Google 2019: 1.0 = this many cores).
    public var machineCPUCores = 64.0
    /// Bytes of the machine that normalized memory refers to (Google 2019, Alibaba 2018).
    public var machineMemoryBytes = 256.0 * 1_073_741_824
    /// vCPUs assumed for each Azure VM (the public CPU readings have no VM size).
    public var vmCores = 2.0

    public init() {}
}

/// The sources `opexsim import --from` understands.
public enum ImportSource: String, CaseIterable, Sendable {
    case prometheus, nezha, bitbrains, google2019, azure, alibaba2018
}

extension Trace {
    /// The pod of series `index`.
    public func podName(ofSeries index: Int) -> String { names[series[index].podName] }

    /// The node series `index` ran on, nil when the trace does not say.
    public func nodeName(ofSeries index: Int) -> String? {
        let node = series[index].nodeName
        return node < 0 ? nil : names[node]
    }
}

extension Trace {
    /// True when some pod has a `labels` cell.
    public var recordsLabels: Bool { series.contains { $0.labelsName >= 0 } }

    /// True when some pod has an `annotations` cell.
    public var recordsAnnotations: Bool { series.contains { $0.annotationsName >= 0 } }

    /// The labels of pod `pod` (`pods` index), from the first of its containers that has them; nil
    /// when none does.
    public func labels(ofPod pod: Int) -> LabelSet? {
        labelSet(pods[pod].series.lazy.map { self.series[$0].labelsName }.first { $0 >= 0 })
    }

    /// The annotations of pod `pod`, likewise.
    public func annotations(ofPod pod: Int) -> LabelSet? {
        labelSet(pods[pod].series.lazy.map { self.series[$0].annotationsName }.first { $0 >= 0 })
    }

    func labelSet(_ id: Int32?) -> LabelSet? {
        guard let id, id >= 0 else { return nil }
        return LabelSet(stored: names[id])
    }
}

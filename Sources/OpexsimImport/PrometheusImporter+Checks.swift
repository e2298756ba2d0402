import OpexsimTraces

extension PrometheusImporter {
    /// A CPU point that was kept, with where its series starts, for an error about it.
    struct PointPlace {
        var time: TraceInstant
        var file: String
        var seriesOffset: Int
    }

    /// Refuses an OOM series holding a value above 1: `kube_pod_container_status_last_terminated_reason`
    /// is a flag, 1 while the last termination was an OOM kill.
    static func checkOOMFlags(_ series: Series, scanner: JSONScanner) throws {
        guard let index = series.points.firstIndex(where: { $0.value > 1 && $0.value.isFinite }) else { return }
        let value = CanonicalTraceWriter.number(series.points[index].value, decimals: 6)
        throw scanner.error(
            "series \(series.position): OOM value \(value) is not 0 or 1: kube_pod_container_status_last_terminated_reason "
                + "is 1 while the last termination was an OOM kill (a count of kills or restarts is another series)",
            at: try pointOffsets(scanner, seriesOffset: series.offset, index: index).value)
    }

    /// Refuses CPU points more than `Trace.maximumSpan` apart, at the point farthest from the median
    /// time (the likely typo), naming the other end: rows are made at CPU times, and the trace they
    /// make would be refused without saying which answer holds the point.
    static func checkSpan(_ collection: Collection) throws {
        guard let (earliest, latest) = collection.cpuExtremes, latest.time - earliest.time > Trace.maximumSpan else {
            return
        }
        let times = (collection.tables[.cpu] ?? [:]).values.flatMap { $0.map(\.time) }.sorted()
        let median = times[times.count / 2]
        let (odd, other) =
            median - earliest.time > latest.time - median ? (earliest, latest) : (latest, earliest)
        let place = try locate(other)
        let message =
            "timestamp \(TraceTime.format(odd.time)) is more than \(Trace.maximumSpanText) from \(TraceTime.format(other.time)) "
            + "(\(place.file):\(place.line):\(place.column)); a trace may span at most \(Trace.maximumSpanText)"
        let at = try locate(odd)
        throw TraceError(file: at.file, line: at.line, column: at.column, message: message)
    }

    /// Refuses a request above its limit as the trace would (Kubernetes refuses such a pod), at the
    /// request's point in its answer, naming the limit's point: the values compared are those the
    /// trace is written with (CPU to 9 decimals, memory in whole bytes).
    static func checkSettings(
        _ settings: ResourceSettings, of key: ContainerKey, at time: TraceInstant, in collection: Collection
    )
        throws
    {
        // Rounding keeps the order: only a request above its limit before rounding can be after.
        guard
            (settings.cpuRequest ?? 0) > (settings.cpuLimit ?? .infinity)
                || (settings.memoryRequest ?? 0) > (settings.memoryLimit ?? .infinity)
        else { return }
        for (isCPU, request, limit) in [
            (true, settings.cpuRequest, settings.cpuLimit), (false, settings.memoryRequest, settings.memoryLimit),
        ] {
            guard let request, let limit else { continue }
            let written = isCPU ? { (x: Double) in (x * 1e9).rounded() } : { (x: Double) in x.rounded() }
            guard written(request) > written(limit) else { continue }
            let (requestTable, limitTable): (Table, Table) =
                isCPU ? (.cpuRequest, .cpuLimit) : (.memoryRequest, .memoryLimit)
            func place(_ table: Table) throws -> TraceError? {
                guard var place = collection.settingsSeries[table]?[key],
                    let point = settingPoint(collection.tables[table]?[key], at: time)
                else { return nil }
                place.time = point.time
                return try locate(place)
            }
            let format = { (x: Double) in isCPU ? Quantity.formatCPU(x) : Quantity.formatMemory(x) }
            let limitPlace = try place(limitTable).map { " (\($0.file):\($0.line):\($0.column))" } ?? ""
            let message =
                "\(isCPU ? "CPU" : "memory") request \(format(request)) of \(key.namespace)/\(key.pod)/\(key.container) "
                + "is above its limit \(format(limit))\(limitPlace) at \(TraceTime.format(time)): Kubernetes refuses a request above its limit"
            guard let at = try place(requestTable) else {
                throw TraceError(file: "", line: 0, column: 0, message: message)
            }
            throw TraceError(file: at.file, line: at.line, column: at.column, message: message)
        }
    }

    /// The file, line and column of a kept point, read again from its file (line 0 for standard
    /// input, which cannot be read twice).
    static func locate(_ place: PointPlace) throws -> TraceError {
        guard place.file != "-" else { return TraceError(file: "-", line: 0, column: 0, message: "") }
        let file = try MappedFile(place.file)
        return try file.withBytes { bytes in
            let scanner = JSONScanner(bytes, file: place.file)
            let offsets = try pointOffsets(scanner, seriesOffset: place.seriesOffset) { $1 == place.time }
            return scanner.error("", at: offsets.point)
        }
    }

    /// Where point `index` of the series whose object starts at `seriesOffset` starts, and where its
    /// value does.
    static func pointOffsets(_ scanner: JSONScanner, seriesOffset: Int, index: Int) throws -> (point: Int, value: Int) {
        try pointOffsets(scanner, seriesOffset: seriesOffset) { position, _ in position == index }
    }

    /// Where the first point of the series whose object starts at `seriesOffset` that `matches` (its
    /// position in the series and its time) starts, and where its value does: found again when an
    /// error needs the place (points keep no offsets). The series' start when none matches.
    static func pointOffsets(
        _ scanner: JSONScanner, seriesOffset: Int, matching matches: (Int, TraceInstant) -> Bool
    ) throws -> (point: Int, value: Int) {
        var scanner = JSONScanner(scanner.bytes, file: scanner.file, offset: seriesOffset)
        var position = 0
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            guard key == "values" else {
                try scanner.skipValue()
                continue
            }
            try scanner.beginArray()
            while try scanner.nextElement() {
                let point = try valueOffset(&scanner)
                try scanner.beginArray()
                _ = try scanner.nextElement()
                let span = try scanner.readNumber()
                let time = TraceTime.parseUnixSeconds(scanner.bytes, from: span.lowerBound, to: span.upperBound)
                _ = try scanner.nextElement()
                let value = try valueOffset(&scanner)
                if let time, matches(position, time) { return (point, value) }
                try scanner.skipValue()
                _ = try scanner.nextElement()
                position += 1
            }
        }
        return (seriesOffset, seriesOffset)
    }
}

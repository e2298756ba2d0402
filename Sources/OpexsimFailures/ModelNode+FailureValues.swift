import OpexsimModelFiles
import OpexsimTraces

/// The value forms of failure files, read with the node's position for errors.
extension ModelNode {
    /// A Go duration (`30s`, `10m`, `1h30m`, `168h0m0s`), as Chaos Mesh and Velero write them;
    /// milliseconds, truncated.
    func goDuration() throws -> Int64 {
        let text = try string().trimming(" ")
        guard let nanoseconds = GoDuration.nanoseconds(text), nanoseconds >= 0 else {
            throw error("expected a duration such as 30s, 10m or 1h30m, found \"\(text)\"")
        }
        return nanoseconds / 1_000_000
    }

    /// A byte size (`256MB`, `300MiB`, `1GiB`, `20Gi`); see `ByteSize`.
    func byteSize() throws -> Double {
        let text = try string()
        guard let bytes = ByteSize.parse(text) else {
            throw error("expected a size such as 256MB, 300MiB or 20Gi, found \"\(text)\"")
        }
        guard bytes <= Quantity.maximumBytes else {
            throw error("\(text) is more than any node or volume has (at most 1Ei)")
        }
        return bytes
    }

    /// A cron expression, parsed as Chaos Mesh (`allowSeconds`) or Velero does.
    func cron(allowSeconds: Bool) throws -> CronSchedule {
        let text = try string()
        do {
            return try CronSchedule(parsing: text, allowSeconds: allowSeconds)
        } catch let problem as CronError {
            throw error(problem.description)
        }
    }

    /// A list of text values.
    func stringList() throws -> [String] {
        // `{}` where the CRD has a list (as Velero's reference Schedule writes it) is an empty list.
        if isMapping && keys.isEmpty { return [] }
        return try items().map { try $0.string() }
    }

    /// A list of text values, or one text value.
    func stringOrList() throws -> [String] { text != nil ? [try string()] : try stringList() }

    /// When a one-off failure happens: an offset from the trace start (`2h`, `90s`, `7d`) or an
    /// RFC 3339 time (`2026-01-05T10:00:00Z`), as failure files write `at` and `opexsim.io/start` (docs/failure-files.md, section 2.1).
    func failureTime() throws -> FailureTiming {
        let text = try string().trimming(" ")
        let utf8 = Array(text.utf8)
        if utf8.count >= 10 && utf8[4] == UInt8(ascii: "-") {
            guard let instant = TraceTime.parse(text) else {
                throw error("expected an RFC 3339 time such as 2026-01-05T10:00:00Z, found \"\(text)\"")
            }
            return .instant(instant)
        }
        guard let offset = DurationText.parse(text) else {
            throw error(
                "expected an offset from the trace start such as 2h or 90s, or an RFC 3339 time, found \"\(text)\"")
        }
        return .offset(offset)
    }
}

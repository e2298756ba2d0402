import OpexsimTraces

/// Canonical CSV in the shapes whose reading once lagged: rows of many series interleaved by time
/// (what Prometheus exports and the Google and Alibaba traces look like), and rows carrying
/// within-interval percentile columns (the Azure and Google shape). Built as bytes, deterministic.
enum ShapedCSV {
    /// `series` containers sampled every minute for `samples` minutes, one row per series per minute
    /// in time order, 7 columns: timestamp (RFC 3339), namespace, workload, container, pod,
    /// cpu_cores, memory_bytes.
    static func interleaved(series: Int, samples: Int) -> [UInt8] {
        var out = Array("timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes\n".utf8)
        out.reserveCapacity(series * samples * 80)
        var random = SeededRandom(seed: 17)
        let names = (0..<series).map { s in Array(",team-\(s % 40),svc-\(s % 400),app,svc-\(s % 400)-\(s)-pod,".utf8) }
        for minute in 0..<samples {
            let time = timestamp(minute: minute)
            for s in 0..<series {
                out += time
                out += names[s]
                appendMillis(250 + Int(random.next() % 1_500), to: &out)
                out.append(UInt8(ascii: ","))
                appendInteger(200_000_000 + Int(random.next() % 50_000_000), to: &out)
                out.append(UInt8(ascii: "\n"))
            }
        }
        return out
    }

    /// `series` VMs every five minutes for `samples` readings, in time order, with the mean and four
    /// within-interval CPU columns (`cpu_p50`, `cpu_p90`, `cpu_p99`, `cpu_max`).
    static func percentileColumns(series: Int, samples: Int) -> [UInt8] {
        var out = Array(
            "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_p50,cpu_p90,cpu_p99,cpu_max\n".utf8)
        var random = SeededRandom(seed: 23)
        let names = (0..<series).map { s in Array(",azure,vm-\(s),vm,vm-\(s),".utf8) }
        for reading in 0..<samples {
            let time = timestamp(minute: 5 * reading)
            for s in 0..<series {
                out += time
                out += names[s]
                let median = 100 + Int(random.next() % 900)
                appendMillis(median + Int(random.next() % 200), to: &out)
                out.append(UInt8(ascii: ","))
                appendInteger(1_000_000_000 + Int(random.next() % 500_000_000), to: &out)
                var level = median
                for step in 0..<4 {
                    out.append(UInt8(ascii: ","))
                    appendMillis(level, to: &out)
                    level += (step + 1) * (50 + Int(random.next() % 300))
                }
                out.append(UInt8(ascii: "\n"))
            }
        }
        return out
    }

    /// `2026-01-01T00:00:00Z` plus `minute` minutes (within 2026), as bytes.
    static func timestamp(minute: Int) -> [UInt8] {
        var day = minute / 1_440, month = 0
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        while day >= lengths[month] {
            day -= lengths[month]
            month += 1
        }
        let hour = minute / 60 % 24, minuteOfHour = minute % 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return Array("2026-\(two(month + 1))-\(two(day + 1))T\(two(hour)):\(two(minuteOfHour)):00Z".utf8)
    }

    /// `value` thousandths as a decimal with three places (`1.250`).
    static func appendMillis(_ value: Int, to out: inout [UInt8]) {
        appendInteger(value / 1_000, to: &out)
        out.append(UInt8(ascii: "."))
        let fraction = value % 1_000
        out.append(UInt8(ascii: "0") + UInt8(fraction / 100))
        out.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(fraction % 10))
    }

    static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        if value >= 10 { appendInteger(value / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}

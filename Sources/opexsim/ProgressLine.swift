import Dispatch
import Foundation
import OpexsimTraces

/// One line of progress on standard error, redrawn twice a second while work runs and cleared when it
/// ends; only when standard error is a terminal (scripts and pipes get none). Work shorter than half
/// a second draws nothing.
final class ProgressLine: @unchecked Sendable {
    private let timer = DispatchSource.makeTimerSource(queue: .global())
    private let lock = NSLock()
    private var drawn = false
    private var finished = false

    /// Starts redrawing `text` (given the seconds since the start); nil when standard error is not a
    /// terminal, or `enabled` is false.
    static func start(enabled: Bool = true, _ text: @escaping @Sendable (Double) -> String) -> ProgressLine? {
        guard enabled, isatty(2) != 0 else { return nil }
        return ProgressLine(text)
    }

    private init(_ text: @escaping @Sendable (Double) -> String) {
        let started = DispatchTime.now()
        timer.schedule(deadline: .now() + 0.5, repeating: 0.5)
        timer.setEventHandler { [weak self] in
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            self?.draw(text(elapsed))
        }
        timer.resume()
    }

    private func draw(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        StandardStreams.write("\r\u{1B}[K" + StandardStreams.oneLine("opexsim: " + line), to: 2)
        drawn = true
    }

    /// Stops redrawing and clears the line.
    func finish() {
        timer.cancel()
        lock.lock()
        defer { lock.unlock() }
        if drawn { StandardStreams.write("\r\u{1B}[K", to: 2) }
        finished = true
    }

    /// The line of a reading of `paths` that tells `counters`, nil when none is shown: standard
    /// error is not a terminal, or the trace is a cache (read in a moment). The files' sizes are
    /// looked up only for a line that shows.
    static func reading(_ paths: [String], _ counters: ProgressCounters) -> ProgressLine? {
        guard isatty(2) != 0, !paths.contains(where: TraceCache.isCache(path:)) else { return nil }
        let totalBytes =
            paths.contains("-")
            ? nil
            : paths.reduce(0) { total, path in
                total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
            }
        return start { elapsed in reading(counters, totalBytes: totalBytes, elapsed: elapsed) }
    }

    /// What a reading has got through: `3.10 of 6.26 GB (49%), 25.3 M rows, 8.2 M rows/s`.
    static func reading(_ counters: ProgressCounters, totalBytes: Int?, elapsed: Double) -> String {
        let (bytes, rows) = counters.current
        var text = "reading: \(gigabytes(bytes))"
        if let totalBytes, totalBytes > 0 {
            text += " of \(gigabytes(totalBytes)) GB (\(min(99, bytes * 100 / totalBytes))%)"
        } else {
            text += " GB"
        }
        let rate = elapsed > 0 ? Double(rows) / elapsed / 1e6 : 0
        return text + ", \(millions(rows)) M rows, \(String(format: "%.1f", rate)) M rows/s"
    }

    static func gigabytes(_ bytes: Int) -> String { String(format: "%.2f", Double(bytes) / 1e9) }
    static func millions(_ count: Int) -> String { String(format: "%.1f", Double(count) / 1e6) }
}

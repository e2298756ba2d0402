import OpexsimTraces

/// The samples whose recorded `cpu_throttled_ratio` their container's burst shape cannot reach at
/// the recorded limit, with the lognormal demand the mean and the ratio pin down there
/// (`CalibratedBurst.observedDemand`, a root search worth doing once): minus its σ, and the demand
/// the limit held back. Every other sample's calibration is a few operations, made where it is used
/// (`TraceColumns.observedCalibration`), so no per-sample column is kept for it.
public struct ObservedFits: Sendable {
    /// Sample indices, ascending.
    let rows: [Int]
    /// Per entry: minus σ of the fitted lognormal and the demand held back, cores; both NaN where no
    /// lognormal fits either.
    let stretch: [Double]
    let unserved: [Double]

    /// No samples.
    static let none = ObservedFits(rows: [], stretch: [], unserved: [])

    /// How many samples needed a fit.
    public var count: Int { rows.count }

    /// The fit of sample `row` if it has one, else nil (its calibration is made where used).
    public func fit(ofSample row: Int) -> (stretch: Double, unserved: Double)? {
        withView { $0.fit(ofSample: row) }
    }

    func withView<R>(_ body: (View) -> R) -> R {
        rows.withUnsafeBufferPointer { rows in
            stretch.withUnsafeBufferPointer { stretch in
                unserved.withUnsafeBufferPointer { unserved in
                    body(View(rows: rows, stretch: stretch, unserved: unserved))
                }
            }
        }
    }

    /// Read-only views of the table for the duration of a replay.
    struct View {
        let rows: UnsafeBufferPointer<Int>
        let stretch: UnsafeBufferPointer<Double>
        let unserved: UnsafeBufferPointer<Double>

        /// Binary search: the table is short next to the samples, and rarely reached.
        @inline(__always)
        func fit(ofSample row: Int) -> (stretch: Double, unserved: Double)? {
            var low = 0, high = rows.count
            while low < high {
                let middle = (low + high) / 2
                if rows[middle] < row { low = middle + 1 } else { high = middle }
            }
            guard low < rows.count, rows[low] == row else { return nil }
            return (stretch[low], unserved[low])
        }
    }
}

import OpexsimImport
import OpexsimTraces

extension Fuzz {
    /// Splits the input into files named `names` (at NUL bytes), runs `importer` on them and reads
    /// the rows it wrote back as a trace, as `opexsim import` does.
    public static func importing(
        _ data: UnsafeRawPointer?, _ size: Int, names: [String], _ importer: ([String]) throws -> ImportSink
    ) {
        let paths = files(parts(bytes(data, size), limit: names.count), names: names)
        refusing {
            let sink = try importer(paths)
            guard sink.rowCount > 0 else { return }
            let summary = try ImportSummary(source: "fuzz", sink: sink, output: "converted trace")
            _ = summary.text
            roundTrip(summary.trace, file: "converted trace")
        }
    }
}

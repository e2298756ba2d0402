import OpexsimTraces

extension PrometheusImporter {
    /// One sample of a series: its time and its value (NaN and ±Inf kept as they came).
    struct Point: Equatable {
        var time: TraceInstant
        var value: Double
    }

    /// One series of a matrix answer, with where it starts in the file.
    struct Series {
        var labels: [String: String]
        var points: [Point]
        /// Byte offset of the series object.
        var offset: Int
        /// 1-based position in `data.result`.
        var position: Int
    }

    /// The parts of a `query_range` answer the importer uses.
    struct Response {
        var series: [Series] = []
        /// The answer's `warnings` and `infos`.
        var warnings: [String] = []
        /// Series whose `histograms` (native histogram samples) were skipped.
        var histogramSeries = 0
    }

    /// Reads a whole answer: `{"status", "data": {"resultType": "matrix", "result": [...]},
    /// "warnings", "errorType", "error"}` with its keys in any order.
    static func readResponse(_ scanner: inout JSONScanner) throws -> Response {
        guard try scanner.peekKind() == .object else {
            throw scanner.error("not a Prometheus API answer: expected a JSON object", at: scanner.offset)
        }
        var response = Response()
        var status: (text: String, offset: Int)?
        var errorType: String?
        var errorText: String?
        var resultTypeSeen = false, resultSeen = false
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            switch key {
            case "status":
                let at = try valueOffset(&scanner)
                status = (try scanner.readString(), at)
            case "errorType":
                errorType = try optionalString(&scanner)
            case "error":
                errorText = try optionalString(&scanner)
            case "warnings", "infos":
                response.warnings += try stringList(&scanner)
            case "data":
                try readData(&scanner, into: &response, resultTypeSeen: &resultTypeSeen, resultSeen: &resultSeen)
            default:
                try scanner.skipValue()
            }
        }
        try scanner.finish()
        guard let status else {
            throw scanner.error("not a Prometheus API answer: no \"status\" field", at: 0)
        }
        if status.text == "error" {
            throw scanner.error(
                "Prometheus answered with an error (\(errorType ?? "no errorType")): \(errorText ?? "no error text")",
                at: status.offset)
        }
        guard status.text == "success" else {
            throw scanner.error("status \"\(status.text)\": expected \"success\" or \"error\"", at: status.offset)
        }
        guard resultTypeSeen, resultSeen else {
            throw scanner.error("not a query answer: no data.resultType and data.result", at: 0)
        }
        return response
    }

    /// Reads `data` (null, or `{"resultType": "matrix", "result": [...]}`) into `response`, noting
    /// which of the two keys it has.
    private static func readData(
        _ scanner: inout JSONScanner, into response: inout Response, resultTypeSeen: inout Bool,
        resultSeen: inout Bool
    ) throws {
        if try scanner.peekKind() == .null {
            _ = try scanner.readNull()
            return
        }
        try scanner.beginObject()
        while let dataKey = try scanner.nextKey() {
            switch dataKey {
            case "resultType":
                let at = try valueOffset(&scanner)
                let text = try scanner.readString()
                if text != "matrix" { throw notMatrix(scanner, "resultType is \"\(text)\"", at: at) }
                resultTypeSeen = true
            case "result":
                resultSeen = true
                try readMatrix(&scanner, into: &response)
            default:
                try scanner.skipValue()
            }
        }
    }

    /// The offset of the next value (after whitespace).
    static func valueOffset(_ scanner: inout JSONScanner) throws -> Int {
        _ = try scanner.peekKind()
        return scanner.offset
    }

    /// The error for an answer that is not a matrix: `found` says what it is instead.
    static func notMatrix(_ scanner: JSONScanner, _ found: String, at offset: Int) -> TraceError {
        scanner.error(
            "\(found), not a matrix: this is the answer of an instant query; range queries are needed "
                + "(/api/v1/query_range with start, end and step)",
            at: offset)
    }

    private static func optionalString(_ scanner: inout JSONScanner) throws -> String? {
        if try scanner.peekKind() == .string { return try scanner.readString() }
        try scanner.skipValue()
        return nil
    }

    private static func stringList(_ scanner: inout JSONScanner) throws -> [String] {
        guard try scanner.peekKind() == .array else {
            try scanner.skipValue()
            return []
        }
        var list: [String] = []
        try scanner.beginArray()
        while try scanner.nextElement() {
            if let text = try optionalString(&scanner) { list.append(text) }
        }
        return list
    }

    /// `[{"metric": {...}, "values": [[t, "v"], ...]}, ...]`.
    private static func readMatrix(_ scanner: inout JSONScanner, into response: inout Response) throws {
        try scanner.beginArray()
        var position = 0
        while try scanner.nextElement() {
            position += 1
            let offset = try valueOffset(&scanner)
            guard try scanner.peekKind() == .object else {
                throw notMatrix(scanner, "data.result is not a list of series", at: offset)
            }
            var series = Series(labels: [:], points: [], offset: offset, position: position)
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                switch key {
                case "metric":
                    try scanner.beginObject()
                    while let name = try scanner.nextKey() {
                        series.labels[name] = try scanner.readString()
                    }
                case "values":
                    try scanner.beginArray()
                    while try scanner.nextElement() {
                        series.points.append(try readPoint(&scanner))
                    }
                case "value":
                    throw notMatrix(
                        scanner, "series \(position) has a single \"value\" (an instant vector)",
                        at: try valueOffset(&scanner))
                case "histograms":
                    response.histogramSeries += 1
                    try scanner.skipValue()
                default:
                    try scanner.skipValue()
                }
            }
            response.series.append(series)
        }
    }

    /// `[<unix seconds>, "<value>"]`.
    private static func readPoint(_ scanner: inout JSONScanner) throws -> Point {
        let start = try valueOffset(&scanner)
        let expected = "expected a point [<unix seconds>, \"<value>\"]"
        guard try scanner.peekKind() == .array else { throw scanner.error(expected, at: start) }
        try scanner.beginArray()
        guard try scanner.nextElement() else { throw scanner.error(expected + ", found []", at: start) }
        let timeAt = try valueOffset(&scanner)
        guard try scanner.peekKind() == .number else {
            throw scanner.error(expected + ": the time is not a number", at: timeAt)
        }
        let span = try scanner.readNumber()
        guard let time = TraceTime.parseUnixSeconds(scanner.bytes, from: span.lowerBound, to: span.upperBound) else {
            throw scanner.error("time out of range: expected Unix seconds", at: timeAt)
        }
        guard try scanner.nextElement() else { throw scanner.error(expected + ": no value", at: start) }
        let valueAt = try valueOffset(&scanner)
        guard try scanner.peekKind() == .string else {
            throw scanner.error(expected + ": the value must be a string", at: valueAt)
        }
        let token = try scanner.readStringToken()
        guard let value = sampleValue(scanner, token) else {
            throw scanner.error(
                "expected a number, NaN, +Inf or -Inf as the value, found \"\(scanner.decode(token))\"", at: valueAt)
        }
        guard try !scanner.nextElement() else {
            throw scanner.error(expected + ": more than two elements", at: start)
        }
        return Point(time: time, value: value)
    }

    /// A sample value as Prometheus writes it: a decimal number, `NaN`, `+Inf` or `-Inf`.
    static func sampleValue(_ scanner: JSONScanner, _ token: JSONScanner.StringToken) -> Double? {
        if token.hasEscapes {
            let text = Array(scanner.decode(token).utf8)
            return text.withUnsafeBufferPointer { sampleValue($0, 0..<$0.count) }
        }
        return sampleValue(scanner.bytes, token.content)
    }

    static func sampleValue(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        func equals(_ text: StaticString) -> Bool {
            guard range.count == text.utf8CodeUnitCount else { return false }
            let utf8 = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
            return zip(range, utf8).allSatisfy { bytes[$0] == $1 }
        }
        guard let first = range.first.map({ bytes[$0] }) else { return nil }
        if first == UInt8(ascii: "N") && equals("NaN") { return .nan }
        if first == UInt8(ascii: "+") && equals("+Inf") { return .infinity }
        if first == UInt8(ascii: "I") && equals("Inf") { return .infinity }
        if first == UInt8(ascii: "-") && equals("-Inf") { return -.infinity }
        return DecimalScanner.parseDouble(bytes, from: range.lowerBound, to: range.upperBound)
    }
}

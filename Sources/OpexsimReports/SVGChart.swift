import OpexsimTraces

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A chart written as plain SVG 1.1 (no script, no external font or style), as GitHub shows it: a
/// plot area with a time or number x axis, a number y axis, both with ticks, labels and units, lines,
/// steps, points and bars, and a legend.
struct SVGChart {
    /// One thing drawn, in data coordinates.
    enum Mark {
        case line(points: [(x: Double, y: Double)], color: String, dashed: Bool)
        case point(x: Double, y: Double, color: String, filled: Bool, label: String?)
        case bar(x0: Double, x1: Double, y0: Double, y1: Double, color: String)
    }

    var title: String
    var xLabel: String
    var yLabel: String
    /// True when x is a `TraceInstant` (milliseconds since the epoch, UTC).
    var xIsTime: Bool
    var marks: [Mark] = []
    var legend: [(label: String, color: String, dashed: Bool)] = []
    /// Category names of a y axis whose values are 0, 1, 2, ... (bars per row); empty for numbers.
    var yCategories: [String] = []
    /// True when y counts whole things (nodes): no ticks between whole numbers.
    var yWhole = false
    var width = 900.0
    var height = 380.0

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]

    init(title: String, xLabel: String, yLabel: String, xIsTime: Bool) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xIsTime = xIsTime
    }

    var left: Double { yCategories.isEmpty ? 78 : 190 }
    let right = 250.0, top = 40.0, bottom = 52.0

    /// The extent of all marks, padded; a flat extent widened.
    func extent() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        var xs: [Double] = [], ys: [Double] = []
        for mark in marks {
            switch mark {
            case .line(let points, _, _):
                xs += points.map(\.x)
                ys += points.map(\.y)
            case .point(let x, let y, _, _, _):
                xs.append(x)
                ys.append(y)
            case .bar(let x0, let x1, let y0, let y1, _):
                xs += [x0, x1]
                ys += [y0, y1]
            }
        }
        let finiteX = xs.filter(\.isFinite), finiteY = ys.filter(\.isFinite)
        var x = (finiteX.min() ?? 0)...(finiteX.max() ?? 1)
        var y = min(0, finiteY.min() ?? 0)...(finiteY.max() ?? 1)
        if x.upperBound <= x.lowerBound { x = (x.lowerBound - 1)...(x.lowerBound + 1) }
        if y.upperBound <= y.lowerBound { y = y.lowerBound...(y.lowerBound + 1) }
        if !xIsTime && yCategories.isEmpty {
            let pad = (x.upperBound - x.lowerBound) * 0.06
            x = (x.lowerBound - pad)...(x.upperBound + pad)
        }
        if yCategories.isEmpty { y = y.lowerBound...(y.upperBound + (y.upperBound - y.lowerBound) * 0.08) }
        return (x, y)
    }

    /// Ticks at 1, 2 or 5 times a power of ten, about `count` of them.
    static func ticks(_ range: ClosedRange<Double>, count: Int = 5) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [range.lowerBound] }
        let raw = span / Double(count)
        let magnitude = pow10(Int((log10(raw)).rounded(.down)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var tick = (range.lowerBound / step).rounded(.up) * step
        var out: [Double] = []
        while tick <= range.upperBound + step * 1e-9 && out.count < 50 {
            out.append(abs(tick) < step * 1e-9 ? 0 : tick)
            tick += step
        }
        return out
    }

    static func pow10(_ n: Int) -> Double { pow(10, Double(n)) }

    /// Time ticks at whole hours, 6 hours, days or weeks.
    static func timeTicks(_ range: ClosedRange<Double>) -> [Double] {
        let hour = 3_600_000.0
        let span = range.upperBound - range.lowerBound
        let step =
            [hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour, 24 * hour, 48 * hour, 168 * hour].first { span / $0 <= 6 }
            ?? 336 * hour
        var tick = (range.lowerBound / step).rounded(.up) * step
        var out: [Double] = []
        while tick <= range.upperBound && out.count < 20 {
            out.append(tick)
            tick += step
        }
        return out
    }

    /// A tick label: whole numbers as they are, others with up to three decimals, trailing zeros cut.
    static func number(_ value: Double) -> String {
        if abs(value) >= 100 || value == value.rounded() { return TextFormat.fixed(value, 0, grouping: false) }
        var text = TextFormat.fixed(value, 3, grouping: false)
        while text.hasSuffix("0") { text.removeLast() }
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }

    static func timeLabel(_ value: Double) -> String {
        let text = TraceTime.format(TraceInstant(value))  // 2026-01-05T00:00:00Z
        let date = text.prefix(10), time = text.dropFirst(11).prefix(5)
        return time == "00:00" ? String(date) : String(time)
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// The chart as an SVG document.
    func render() -> String {
        let (xr, yr) = extent()
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * plotWidth }
        func py(_ y: Double) -> Double {
            top + plotHeight - (y - yr.lowerBound) / (yr.upperBound - yr.lowerBound) * plotHeight
        }
        func f(_ v: Double) -> String { TextFormat.fixed(v, 1, grouping: false) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
        out +=
            "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
        out += "<title>\(Self.escaped(title))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"\(f(left))\" y=\"22\" font-size=\"14\" font-weight=\"bold\">\(Self.escaped(title))</text>\n"
        // Axes, grid and ticks.
        out += "<g stroke=\"#dddddd\" stroke-width=\"1\">\n"
        let yTicks =
            yCategories.isEmpty
            ? Self.ticks(yr).filter { !yWhole || $0 == $0.rounded() } : yCategories.indices.map(Double.init)
        for t in yTicks {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(py(t)))\"/>\n"
        }
        let xTicks = xIsTime ? Self.timeTicks(xr) : Self.ticks(xr)
        for t in xTicks {
            out += "<line x1=\"\(f(px(t)))\" y1=\"\(f(top))\" x2=\"\(f(px(t)))\" y2=\"\(f(top + plotHeight))\"/>\n"
        }
        out += "</g>\n"
        out +=
            "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#333333\"/>\n"
        for t in yTicks {
            let name = yCategories.isEmpty ? Self.number(t) : yCategories[Int(t)]
            let label = name.count > 30 ? name.prefix(29) + "…" : name
            out +=
                "<text x=\"\(f(left - 6))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(Self.escaped(label))</text>\n"
        }
        for t in xTicks {
            let label = xIsTime ? Self.timeLabel(t) : Self.number(t)
            out +=
                "<text x=\"\(f(px(t)))\" y=\"\(f(top + plotHeight + 16))\" text-anchor=\"middle\">\(Self.escaped(label))</text>\n"
        }
        out +=
            "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">\(Self.escaped(xLabel))</text>\n"
        out +=
            "<text transform=\"translate(16 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(Self.escaped(yLabel))</text>\n"
        out += "<g>\n"
        for mark in marks { out += draw(mark, px: px, py: py, f: f) }
        out += "</g>\n"
        // Legend.
        for (i, entry) in legend.enumerated() {
            let y = top + 8 + Double(i) * 18, x = left + plotWidth + 14
            out +=
                "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 22))\" y2=\"\(f(y))\" stroke=\"\(entry.color)\" stroke-width=\"2\""
            out += entry.dashed ? " stroke-dasharray=\"5 3\"/>\n" : "/>\n"
            out += "<text x=\"\(f(x + 28))\" y=\"\(f(y + 4))\">\(Self.escaped(entry.label))</text>\n"
        }
        return out + "</svg>\n"
    }

    func draw(_ mark: Mark, px: (Double) -> Double, py: (Double) -> Double, f: (Double) -> String) -> String {
        switch mark {
        case .line(let points, let color, let dashed):
            let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
            guard !finite.isEmpty else { return "" }
            let coordinates = finite.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            return
                "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"\(dashed ? " stroke-dasharray=\"5 3\"" : "") points=\"\(coordinates)\"/>\n"
        case .point(let x, let y, let color, let filled, let label):
            var out =
                "<circle cx=\"\(f(px(x)))\" cy=\"\(f(py(y)))\" r=\"5\" stroke=\"\(color)\" stroke-width=\"1.5\" fill=\"\(filled ? color : "#ffffff")\"/>\n"
            if let label {
                // Labels of points on the right-hand side read leftwards, so that they stay inside.
                let leftwards = px(x) > left + (width - left - right) * 0.6
                out += "<text x=\"\(f(px(x) + (leftwards ? -8 : 8)))\" y=\"\(f(py(y) - 6))\""
                out += leftwards ? " text-anchor=\"end\">" : ">"
                out += "\(Self.escaped(label))</text>\n"
            }
            return out
        case .bar(let x0, let x1, let y0, let y1, let color):
            let (a, b) = (px(x0), px(x1)), (c, d) = (py(y1), py(y0))
            return
                "<rect x=\"\(f(min(a, b)))\" y=\"\(f(min(c, d)))\" width=\"\(f(max(3, abs(b - a))))\" height=\"\(f(abs(d - c)))\" fill=\"\(color)\" fill-opacity=\"0.8\"/>\n"
        }
    }
}

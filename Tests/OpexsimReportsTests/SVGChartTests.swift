import Testing

@testable import OpexsimReports

@Suite("SVG charts: ticks, labels and the document")
struct SVGChartTests {
    @Test("ticks at 1, 2 or 5 times a power of ten; time ticks at whole hours or days")
    func ticks() {
        #expect(SVGChart.ticks(0...8.8) == [0, 2, 4, 6, 8])
        // Span 118, about 5 ticks: 23.6 rounds up to 50.
        #expect(SVGChart.ticks(112...230) == [150, 200])
        #expect(SVGChart.ticks(0...0.45).count == 5)
        // Two days: at most 6 ticks, so every 12 hours.
        let day = 86_400_000.0, start = 1_767_571_200_000.0  // 2026-01-05T00:00:00Z
        #expect(SVGChart.timeTicks(start...(start + 2 * day)) == (0...4).map { start + Double($0) * day / 2 })
        #expect(SVGChart.timeLabel(start) == "2026-01-05" && SVGChart.timeLabel(start + day / 4) == "06:00")
        #expect(SVGChart.number(0.5) == "0.5" && SVGChart.number(1.25) == "1.25" && SVGChart.number(150) == "150")
    }

    @Test("a chart is an SVG document with its title, axis labels, legend and escaped text")
    func document() {
        var chart = SVGChart(
            title: "Cost & risk <per scenario>", xLabel: "cost (USD)", yLabel: "throttled (%)", xIsTime: false)
        chart.marks = [.point(x: 10, y: 1, color: "#1f77b4", filled: true, label: "a \"b\"")]
        chart.legend = [("safe", "#1f77b4", false)]
        let svg = chart.render()
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("<title>Cost &amp; risk &lt;per scenario&gt;</title>"))
        #expect(
            svg.contains(">cost (USD)</text>") && svg.contains(">throttled (%)</text>") && svg.contains(">safe</text>"))
        #expect(svg.contains(">a &quot;b&quot;</text>"))
        #expect(svg.hasSuffix("</svg>\n"))
    }
}

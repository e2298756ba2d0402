import Testing

@testable import OpexsimReports

@Suite("Report formatting")
struct FormattingTests {
    @Test func json() {
        let value = JSONValue.object([
            ("schema", .string("x")), ("n", .number(0.1)), ("i", .int(3)), ("whole", .number(2)),
            ("tiny", .number(1e-7)), ("nan", .finite(.nan)), ("list", .array([.int(1), .int(2)])),
            ("text", .string("a\"b\\c\n")), ("empty", .object([])),
        ])
        #expect(
            value.rendered() == """
                {
                  "schema": "x",
                  "n": 0.1,
                  "i": 3,
                  "whole": 2,
                  "tiny": 1e-7,
                  "nan": null,
                  "list": [1, 2],
                  "text": "a\\"b\\\\c\\n",
                  "empty": {}
                }

                """)
    }

    @Test("a lazy array renders as the array of its elements, and pieces join to the whole")
    func lazyArrays() {
        let rows = (0..<50).map { i in JSONValue.object([("i", .int(i)), ("name", .string("c-\(i)"))]) }
        let eager = JSONValue.object([("workloads", .array(rows)), ("none", .array([]))])
        let lazy = JSONValue.object([
            ("workloads", .lazyArray(count: 50) { rows[$0] }), ("none", .lazyArray(count: 0) { rows[$0] }),
        ])
        #expect(lazy.renderedBytes() == eager.renderedBytes())
        var pieces: [[UInt8]] = []
        lazy.render(inPiecesOf: 100) { pieces.append($0) }
        #expect(pieces.count > 10 && pieces.dropLast().allSatisfy { $0.count >= 100 })
        #expect(Array(pieces.joined()) == eager.renderedBytes())
    }

    @Test func numbers() {
        #expect(TextFormat.fixed(1234567.891, 2) == "1,234,567.89")
        #expect(TextFormat.fixed(-0.004, 2) == "0.00")
        #expect(TextFormat.dollars(12.345) == "$12.35")
        #expect(TextFormat.dollars(0.42364) == "$0.4236")
        #expect(TextFormat.dollars(-3) == "−$3.00")
        #expect(TextFormat.dollarChange(-0.5) == "−$0.5000")
        #expect(TextFormat.dollarChange(2) == "+$2.00")
        #expect(TextFormat.percent(0.1234) == "12.3%")
        #expect(TextFormat.memory(536_870_912) == "512Mi")
        #expect(TextFormat.memory(1_610_612_736) == "1.5Gi")
        #expect(TextFormat.memory(nil) == "-")
        #expect(TextFormat.memory(2_143_289_344) == "2044Mi")
        #expect(TextFormat.memory(12.3 * 1_073_741_824) == "12.3Gi")
        #expect(TextFormat.memory(326 * 1_048_576) == "326Mi")
        #expect(Rounding.decimals(0.1234567, 4) == 0.1235)
        #expect(TextFormat.fixed(1e300, 2) == "1e+300")
        #expect(TextFormat.dollars(2e18) == "$2e+18")
        #expect(TextFormat.fixed(.nan, 2) == "n/a")
    }
}

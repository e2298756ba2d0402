import Testing

@testable import OpexsimTraces

@Suite("Timestamps and durations")
struct TraceTimeTests {
    @Test(
        "RFC 3339 with zones, offsets and fractions",
        arguments: [
            ("1970-01-01T00:00:00Z", Int64(0)),
            ("2026-01-05T10:00:10Z", Int64(1_767_607_210_000)),
            ("2026-01-05T10:00:10.5Z", Int64(1_767_607_210_500)),
            ("2026-01-05T10:00:10.123456789Z", Int64(1_767_607_210_123)),
            ("2026-01-05T10:00:10.1235Z", Int64(1_767_607_210_124)),
            ("2026-01-05T12:00:10+02:00", Int64(1_767_607_210_000)),
            ("2026-01-05T05:30:10-04:30", Int64(1_767_607_210_000)),
            ("2026-01-05 10:00:10z", Int64(1_767_607_210_000)),
            ("2024-02-29T00:00:00Z", Int64(1_709_164_800_000)),
        ])
    func rfc3339(text: String, expected: Int64) {
        #expect(TraceTime.parse(text) == expected)
    }

    @Test("a date memo gives what parsing without it gives, refusals included, over dates that repeat and change")
    func dateMemo() {
        let texts = [
            "2026-01-05T10:00:10Z", "2026-01-05T10:05:10Z", "2026-01-05T25:00:00Z", "2026-01-05T23:59:59.999Z",
            "2026-01-05 12:00:00+02:00", "2026-01-06T00:00:00Z", "2026-02-30T00:00:00Z", "2026-02-30T00:05:00Z",
            "2026-01-06T00:00:00", "1767225600", "2026-01-06T00:00:10Z", "2024-02-29T00:00:00Z",
            "2024-02-29T23:00:00-01:00", "2026-01-05T10:00:10Z",
        ]
        var memo = DateMemo()
        var withMemo: [Int64?] = []
        for text in texts {
            let bytes = Array(text.utf8)
            withMemo.append(bytes.withUnsafeBufferPointer { TraceTime.parse($0, from: 0, to: $0.count, memo: &memo) })
        }
        #expect(withMemo == texts.map { TraceTime.parse($0) })
        // Hand-computed: the second row reuses the first's date; the third's hour is refused though its
        // date is known; an impossible date is never remembered.
        #expect(withMemo[1] == 1_767_607_510_000 && withMemo[2] == nil && withMemo[6] == nil && withMemo[7] == nil)
        #expect(withMemo[5] == 1_767_657_600_000 && withMemo[13] == 1_767_607_210_000)
    }

    @Test(
        "Unix seconds, integer and decimal",
        arguments: [
            ("1767225600", Int64(1_767_225_600_000)), ("1767225600.25", Int64(1_767_225_600_250)),
            ("1767225600.0004", Int64(1_767_225_600_000)), ("1767225600.0005", Int64(1_767_225_600_001)),
            ("1.7672256e9", Int64(1_767_225_600_000)), ("0", Int64(0)),
        ])
    func unix(text: String, expected: Int64) {
        #expect(TraceTime.parse(text) == expected)
    }

    @Test(
        "rejects impossible dates and junk",
        arguments: [
            "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00",
            "2026-01-01T00:00:00+0200", "yesterday", "2026-01-01", "12:00", "2023-02-29T00:00:00Z", "",
        ])
    func rejects(text: String) {
        #expect(TraceTime.parse(text) == nil)
    }

    @Test func formatsRoundTrip() {
        #expect(TraceTime.format(1_767_607_210_000) == "2026-01-05T10:00:10Z")
        #expect(TraceTime.format(1_767_607_210_500) == "2026-01-05T10:00:10.500Z")
        #expect(TraceTime.format(0) == "1970-01-01T00:00:00Z")
        for instant: Int64 in [951_782_400_000, 4_102_444_799_999, 1_709_164_800_000] {
            #expect(TraceTime.parse(TraceTime.format(instant)) == instant)
        }
    }

    @Test("the writer's timestamps are TraceTime.format's, from year 0000 to past 9999")
    func writerTimestamps() {
        var random = SeededRandom(seed: 11)
        var instants: [Int64] = [
            0, -1, 999, 1_000, -62_167_219_200_000, 253_402_300_799_999, 253_402_300_800_000, 951_782_400_000,
            1_767_607_210_500,
        ]
        // Year 0000 to about 14,600 (the reader takes 0000 to 9999).
        for _ in 0..<20_000 {
            instants.append(-62_167_219_200_000 + Int64(random.next() % 460_000_000_000_000))
        }
        for instant in instants {
            var bytes: [UInt8] = []
            CanonicalTraceWriter.formatTime(instant, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == TraceTime.format(instant), "\(instant)")
        }
    }

    @Test func durations() {
        #expect(DurationText.parse("90s") == 90_000)
        #expect(DurationText.parse("15m") == 900_000)
        #expect(DurationText.parse("12h") == 43_200_000)
        #expect(DurationText.parse("7d") == 604_800_000)
        #expect(DurationText.parse("1h30m") == 5_400_000)
        #expect(DurationText.parse("500ms") == 500)
        #expect(DurationText.parse("1.5h") == 5_400_000)
        #expect(DurationText.parse("30") == 30_000)
        #expect(DurationText.parse("5x") == nil)
        #expect(DurationText.parse("") == nil)
        #expect(DurationText.parse("-5m") == nil)
        #expect(DurationText.format(5_400_000) == "1h30m")
        #expect(DurationText.format(604_800_000) == "7d")
        #expect(DurationText.format(250) == "250ms")
    }
}

import Testing

@testable import OpexsimTraces

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Kubernetes quantities")
struct QuantityTests {
    @Test(
        "decimal, binary and exponent forms",
        arguments: [
            ("250m", 0.25), ("1", 1.0), ("1.5", 1.5), ("0.5", 0.5), ("100m", 0.1), ("2500m", 2.5),
            ("512Mi", 536_870_912), ("1Gi", 1_073_741_824), ("64Ki", 65_536), ("1G", 1e9), ("1M", 1e6),
            ("1k", 1000), ("1e3", 1000), ("1E3", 1000), ("1E", 1e18), ("1.5Gi", 1_610_612_736),
            ("12873452n", 0.012873452), ("500u", 0.0005), ("2.097152E7", 20_971_520), (".5", 0.5),
        ])
    func parses(text: String, expected: Double) {
        #expect(Quantity.parse(text) == expected)
    }

    @Test("rejects what is not a quantity", arguments: ["", "abc", "1x", "1Mb", "Mi", "1.2.3", "1e", "1 Gi", "--1"])
    func rejects(text: String) {
        #expect(Quantity.parse(text) == nil)
    }

    @Test("formats CPU and memory the Kubernetes way")
    func formats() {
        #expect(Quantity.formatCPU(0.25) == "250m")
        #expect(Quantity.formatCPU(2) == "2")
        #expect(Quantity.formatCPU(0.2501) == "251m")
        #expect(Quantity.formatCPU(1.5) == "1500m")
        #expect(Quantity.formatMemory(536_870_912) == "512Mi")
        #expect(Quantity.formatMemory(1_073_741_824) == "1Gi")
        #expect(Quantity.formatMemory(1_610_612_736) == "1536Mi")
        #expect(Quantity.formatMemory(323_522_422) == "323522422")
        #expect(Quantity.formatMemory(1000.2) == "1001")
        // Beyond whole millicores or bytes in 64 bits: the number as is, never a trap.
        #expect(Quantity.formatCPU(1e300) == "1e+300")
        #expect(Quantity.formatMemory(.infinity) == "inf")
    }
}

@Suite("Decimal numbers")
struct DecimalScannerTests {
    func parse(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { DecimalScanner.parseDouble($0, from: 0, to: $0.count) }
    }

    @Test func exactValues() {
        #expect(parse("0.1") == 0.1)
        #expect(parse("123456789") == 123_456_789)
        #expect(parse("-2.5") == -2.5)
        #expect(parse("1e-3") == 0.001)
        #expect(parse("6.02e23") == 6.02e23)
        // More digits than the fast path holds: still the correctly rounded value.
        #expect(parse("0.00039863586425700005") == 0.00039863586425700005)
        #expect(parse("3.14159265358979323846264338327950288") == 3.141592653589793)
    }

    @Test("17 to 19 digits: the same Double as strtod, including halfway cases and long exponents")
    func longMantissas() {
        var random = SeededRandom(seed: 17)
        var texts = [
            "29.259994499999998", "458575.4666666667", "160.86666666666667", "9007199254740993",
            "9007199254740993e-5", "18446744073709551615", "1844674407370955161.5", "0.30000000000000004",
            // 2^53 + 1 at each power: exactly halfway between two Doubles.
            "9007199254740993000", "90071992547409930e-1", "1152921504606846977",
        ]
        for _ in 0..<20_000 {
            let digits = 16 + Int(random.next() % 4)
            var mantissa = String(1 + random.next() % 9)
            for _ in 1..<digits { mantissa += String(random.next() % 10) }
            let exponent = Int(random.next() % 55) - 27
            texts.append("\(random.next() % 2 == 0 ? "-" : "")\(mantissa)e\(exponent)")
        }
        for text in texts {
            let expected = strtod(text, nil)
            #expect(parse(text) == expected, "\(text)")
        }
    }

    @Test func rejectsLetters() {
        #expect(parse("zero") == nil)
        #expect(parse("0.1a") == nil)
        #expect(parse("NaN") == nil)
        #expect(parse("") == nil)
        #expect(parse(".") == nil)
    }
}

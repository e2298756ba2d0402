import Testing

@testable import OpexsimReports

@Suite("YAML scalars written so that YAML 1.1 reads them back as the same strings")
struct YAMLScalarTests {
    @Test(
        "booleans and nulls of YAML 1.1 in any case, numbers, dates and odd forms are quoted; names and quantities are not"
    )
    func quoting() {
        for text in [
            "Off", "off", "OFF", "On", "Yes", "no", "Y", "n", "true", "False", "null", "~", "", "1", "1.5", "1e3",
            "0x10",
            "1_000", ".inf", "2026-01-05", "12:30", "a b", "-x", "Nan", "5E",
        ] {
            #expect(RecommendationReport.yamlString(text) == "\"\(text)\"", "\(text) is quoted")
        }
        for text in [
            "Initial", "Recreate", "Auto", "RequestsAndLimits", "Deployment", "web", "checkout-api", "250m", "512Mi",
            "1.5Gi", "2k",
        ] {
            #expect(RecommendationReport.yamlString(text) == text, "\(text) is plain")
        }
        #expect(RecommendationReport.yamlString("say \"hi\"") == "\"say \\\"hi\\\"\"")
    }
}

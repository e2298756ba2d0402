import OpexsimPolicies
import Testing

@testable import OpexsimEngine

@Suite("Override tables made on the first override")
struct OverrideTableTests {
    @Test("reads nil until a slot is set; clearing an untouched table keeps it empty")
    func lazySlots() {
        var table = OverrideTable(count: 4)
        #expect((0..<4).allSatisfy { table[$0] == nil })
        table[2] = nil
        #expect(table[3] == nil)
        let override = SettingsOverride(cpuRequest: .value(0.25), cpuLimit: .unset)
        table[1] = override
        #expect(table[1] == override && table[0] == nil && table[2] == nil && table[3] == nil)
        table[1] = nil
        #expect(table[1] == nil)
    }
}

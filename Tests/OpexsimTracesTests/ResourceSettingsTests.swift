import Testing

@testable import OpexsimTraces

@Suite("Requests and limits held in 32 bytes")
struct ResourceSettingsTests {
    @Test("unset reads nil, set reads its value; equality and hashing are those of four optionals")
    func optionalsSemantics() {
        #expect(MemoryLayout<ResourceSettings>.size == 32)
        var settings = ResourceSettings(cpuRequest: 0.5, memoryLimit: 1_073_741_824)
        #expect(settings.cpuRequest == 0.5 && settings.cpuLimit == nil)
        #expect(settings.memoryRequest == nil && settings.memoryLimit == 1_073_741_824)
        #expect(settings.effectiveCPURequest == 0.5 && settings.effectiveMemoryRequest == 1_073_741_824)
        settings.cpuLimit = 2
        settings.cpuRequest = nil
        #expect(settings.cpuRequest == nil && settings.cpuLimit == 2 && settings.effectiveCPURequest == 2)
        // NaN is no setting.
        settings.memoryRequest = Double.nan
        #expect(settings.memoryRequest == nil)
        #expect(settings == ResourceSettings(cpuLimit: 2, memoryLimit: 1_073_741_824))
        #expect(ResourceSettings.unset == ResourceSettings() && ResourceSettings.unset != ResourceSettings(cpuLimit: 0))
        // -0.0 and 0.0 are the same value, as they were as optionals.
        let negative = ResourceSettings(cpuRequest: -0.0), positive = ResourceSettings(cpuRequest: 0.0)
        #expect(negative == positive && negative.hashValue == positive.hashValue)
        #expect(Set([negative, positive, .unset]).count == 2)
        #expect(settings.description == "cpu -/2, memory -/1Gi")
    }

    @Test("a trace's groupings are reserved at their exact counts")
    func groupingsReservedExactly() throws {
        var lines = ["timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes"]
        for i in 0..<3_000 { lines.append("60,ns,w\(i / 3),c\(i % 3 == 2 ? 1 : 0),p\(i % 2),0.1,1") }
        let trace = try CanonicalTraceReader(parallelism: 1).read(text: lines.joined(separator: "\n") + "\n")
        #expect(trace.workloads.count == 1_000 && trace.containers.count == 2_000 && trace.pods.count == 2_000)
        #expect(trace.workloads.capacity == trace.workloads.count)
        #expect(trace.containers.capacity == trace.containers.count)
        #expect(trace.pods.capacity == trace.pods.count)
    }
}

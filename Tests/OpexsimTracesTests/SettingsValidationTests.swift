import Testing

@testable import OpexsimTraces

@Suite("Settings a pod cannot have are refused with their place")
struct SettingsValidationTests {
    func message(_ row: String) -> String? {
        let text =
            "timestamp,namespace,workload,container,cpu_cores,memory_bytes,cpu_request,cpu_limit,memory_request,memory_limit\n"
            + row + "\n"
        do {
            _ = try CanonicalTraceReader().read(text: text, file: "t.csv")
            return nil
        } catch let error as TraceError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test("a request above its limit (the API server refuses both)")
    func requestAboveLimit() {
        #expect(
            message("60,a,w,c,0.1,100,2,1,,")
                == "t.csv:2:18: cpu_request \"2\" is above cpu_limit \"1\" (Kubernetes refuses a request above its limit)"
        )
        #expect(
            message("60,a,w,c,0.1,100,500m,,1Gi,512Mi")
                == "t.csv:2:24: memory_request \"1Gi\" is above memory_limit \"512Mi\" (Kubernetes refuses a request above its limit)"
        )
        // Equal, or a request without a limit (or the reverse), is fine.
        #expect(message("60,a,w,c,0.1,100,1,1000m,1Gi,1Gi") == nil)
        #expect(message("60,a,w,c,0.1,100,4,,,1Gi") == nil)
    }
}

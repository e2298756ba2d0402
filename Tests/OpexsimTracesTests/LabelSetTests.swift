import Testing

@testable import OpexsimTraces

@Suite("Pod labels and annotations in the canonical trace")
struct LabelSetTests {
    @Test("a labels cell is read as key=value pairs, sorted, spaces and empty pairs ignored")
    func parse() throws {
        let set = try LabelSet.parse(Array(" tier=cache ; app.kubernetes.io/name=cart;;empty=".utf8))
        #expect(set.text == "app.kubernetes.io/name=cart;empty=;tier=cache")
        #expect(set["tier"] == "cache")
        #expect(set["empty"] == "")
        #expect(set["app"] == nil)
        #expect(try LabelSet.parse(Array("".utf8)).isEmpty)
    }

    @Test("label keys and values as the API server requires them")
    func syntax() {
        func problem(_ text: String) -> LabelSet.SyntaxError? {
            do {
                _ = try LabelSet.parse(Array(text.utf8))
                return nil
            } catch { return error }
        }
        #expect(problem("a=1;b") == .init(offset: 4, message: "expected key=value, found \"b\""))
        #expect(problem("=x") == .init(offset: 0, message: "a label needs a key before ="))
        #expect(problem("a=1;a=2") == .init(offset: 4, message: "label a appears twice"))
        #expect(
            problem("Example.com/a=1")?.message.hasPrefix("label key prefix Example.com is not a DNS subdomain") == true
        )
        #expect(problem("a/b/c=1")?.message == "label key a/b/c has more than one /")
        #expect(problem("-a=1")?.message.hasPrefix("label key name -a may hold only") == true)
        #expect(problem("a=x y")?.offset == 2)
        #expect(
            problem(String(repeating: "k", count: 64) + "=1")?.message.hasSuffix("must have 1 to 63 characters") == true
        )
        #expect(problem("example.com/a_b-c.D=V.1") == nil)
        // Annotations only need a key.
        #expect(
            (try? LabelSet.parse(Array("note=free text, with = signs".utf8), kubernetesSyntax: false))?["note"]
                == "free text, with = signs")
    }

    @Test("kube-state-metrics' form of a key")
    func prometheusName() {
        #expect(LabelSet.prometheusName("app.kubernetes.io/name") == "app_kubernetes_io_name")
        #expect(LabelSet.prometheusName("tier") == "tier")
    }

    @Test("the labels and annotations columns give each pod its sets, from its first row")
    func columns() throws {
        let text = """
            timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,labels,annotations
            60,shop,cart,redis,cart-0,0.1,1000,app=cart;tier=cache,"owner=team a, on call"
            60,shop,cart,exporter,cart-0,0.1,1000,,
            60,shop,web,nginx,web-0,0.1,1000,app=web,
            120,shop,cart,redis,cart-0,0.1,1000,app=other,
            """
        let trace = try CanonicalTraceReader().read(text: text)
        #expect(trace.recordsLabels)
        #expect(trace.recordsAnnotations)
        let cart = try #require(trace.pods.firstIndex { trace.names[$0.podName] == "cart-0" })
        let web = try #require(trace.pods.firstIndex { trace.names[$0.podName] == "web-0" })
        #expect(trace.labels(ofPod: cart) == LabelSet(["app": "cart", "tier": "cache"]))
        #expect(trace.annotations(ofPod: cart)?["owner"] == "team a, on call")
        #expect(trace.labels(ofPod: web) == LabelSet(["app": "web"]))
        #expect(trace.annotations(ofPod: web) == nil)
        let plain = try CanonicalTraceReader().read(
            text: "timestamp,namespace,workload,container,cpu_cores,memory_bytes\n60,a,b,c,1,1\n")
        #expect(!plain.recordsLabels)
        #expect(plain.labels(ofPod: 0) == nil)
    }

    @Test("a bad labels cell names file, line and column")
    func located() {
        let text = "timestamp,namespace,workload,container,cpu_cores,memory_bytes,labels\n60,a,b,c,1,1,app=x;broken\n"
        #expect {
            _ = try CanonicalTraceReader().read(text: text, file: "t.csv")
        } throws: { error in
            (error as? TraceError)?.description == "t.csv:2:20: labels: expected key=value, found \"broken\""
        }
    }

    @Test("the writer's labels and annotations columns read back")
    func roundTrip() throws {
        var writer = CanonicalTraceWriter(labels: true, annotations: true)
        var cells = ["60", "shop", "cart", "redis", "cart-0", "0.1", "1000", "", "", "", "", "", ""]
        cells += [LabelSet(["app": "cart", "tier": "cache"]).text, LabelSet(["note": "a, b"]).text]
        writer.append(cells)
        let trace = try CanonicalTraceReader().read(text: String(decoding: writer.bytes, as: UTF8.self))
        #expect(trace.labels(ofPod: 0)?.text == "app=cart;tier=cache")
        #expect(trace.annotations(ofPod: 0)?["note"] == "a, b")
    }
}

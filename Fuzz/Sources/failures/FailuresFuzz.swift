import FuzzSupport
import OpexsimFailures
import OpexsimTraces

/// Failure files (Chaos Mesh, Velero, FailurePlan): the input is one YAML file. A file that loads is
/// placed on a small two-hour trace (pods with labels and annotations on two nodes) for two runs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    let path = Fuzz.file(Fuzz.bytes(data, size), name: "failures.yaml")
    Fuzz.refusing {
        let documents = try FailureDocuments.load(paths: [path])
        for run in 0..<2 {
            let timeline = FailureTimeline.resolve(
                documents, trace: cluster, start: cluster.start, end: cluster.end, seed: 7, run: run)
            _ = timeline.notes.joined()
        }
    }
    return 0
}

/// Two namespaces, three workloads and five pods over two hours at a one-minute interval.
private let cluster: Trace = {
    let pods = [
        ("shop", "cart", "cart-0", "node-a", "app=cart;tier=cache", "team=store"),
        ("shop", "cart", "cart-1", "node-b", "app=cart;tier=cache", ""),
        ("shop", "checkout", "checkout-7d4b9c-x2k8p", "node-a", "app=checkout", ""),
        ("payments", "ledger", "ledger-0", "node-b", "app=ledger;app.kubernetes.io/name=ledger", ""),
        ("payments", "ledger", "ledger-1", "node-a", "app=ledger", "backup.velero.io/backup-volumes=data"),
    ]
    var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request,cpu_limit,"
    text += "memory_request,memory_limit,node,team,labels,annotations\n"
    for minute in 1...120 {
        for (namespace, workload, pod, node, labels, annotations) in pods {
            text += "\(minute * 60),\(namespace),\(workload),main,\(pod),0.2,209715200,250m,1,256Mi,512Mi,\(node),"
            text += "team-\(namespace),\(labels),\(annotations)\n"
        }
    }
    do {
        return try CanonicalTraceReader(parallelism: 1).read(text: text, file: "cluster.csv")
    } catch {
        fatalError("the fuzz target's trace does not read: \(error)")
    }
}()

import OpexsimTraces

/// The trace's names that container summaries refer to by id, one object shared by them all.
public final class SummaryNames: Sendable {
    public let table: NameTable

    public init(_ table: NameTable) {
        self.table = table
    }
}

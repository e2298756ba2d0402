import OpexsimTraces
import Testing

@Suite("Name tables")
struct NameTableTests {
    @Test("without its look-up a table keeps its names and ids; a name added after gets the next id")
    func droppedLookup() {
        var table = NameTable()
        #expect(["shop", "web", "shop", "web-1"].map { table.intern($0) } == [0, 1, 0, 2])
        var built = table.droppingLookup()
        #expect(built == table && built.names == ["shop", "web", "web-1"] && built[2] == "web-1")
        #expect(built.id(of: "web") == 1 && built.id(of: "cart") == nil)
        // Adding after the drop finds the names already there.
        #expect(built.intern("web") == 1)
        #expect(built.intern("cart") == 3)
        #expect(built.id(of: "cart") == 3 && built.names.count == 4)
    }
}

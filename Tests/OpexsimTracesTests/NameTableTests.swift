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

    @Test("a packed table orders names as their strings do, by bytes for ASCII and by String order otherwise")
    func packedOrder() {
        let ascii = ["web", "", "a", "ab", "Z", "web-10", "web-2", "a"]
        let other = ascii + ["é", "e\u{301}", "z", "ﬁ"]
        for names in [ascii, other] {
            var table = NameTable()
            let ids = names.map { table.intern($0) }
            let packed = table.droppingLookup()
            #expect(packed.count == table.count && packed.names == table.names && packed == table)
            for (x, a) in zip(names, ids) {
                #expect(packed[a] == x)
                for (y, b) in zip(names, ids) {
                    #expect(packed.precedes(a, b) == (x < y), "\(x) < \(y)")
                    #expect(table.precedes(a, b) == (x < y))
                }
            }
        }
        // "é" precomposed and decomposed are the same String: interned once.
        var table = NameTable()
        #expect(table.intern("é") == table.intern("e\u{301}"))
    }
}

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

    @Test("names found by their bytes while all are ASCII, as Strings once one is not, dropped or not")
    func byBytesThenStrings() {
        var table = NameTable()
        // 50,000 names: the index grows many times; every name keeps its id.
        let names = (0..<50_000).map { "pod-\($0 % 7 == 0 ? "" : "x")\($0)" }
        #expect(names.map { table.intern($0) } == (0..<50_000).map { Int32($0) })
        #expect(names.reversed().map { table.intern($0) } == (0..<50_000).reversed().map { Int32($0) })
        let bytes = Array("pod-x1".utf8)
        #expect(bytes.withUnsafeBytes { table.intern(bytes: $0) } == 1)
        #expect(table.intern("") == 50_000 && table.intern("") == 50_000)
        // The Kelvin sign is the same String as "K": once a name is not ASCII, ASCII names are found
        // as Strings too, in the table as built and once dropped.
        #expect(table.intern("K") == 50_001)
        #expect(table.intern("\u{212A}") == 50_001)
        #expect(table.intern("é") == 50_002 && table.intern("pod-x1") == 1 && table.intern("K") == 50_001)
        var dropped = table.droppingLookup()
        #expect(dropped == table && dropped.names == table.names)
        #expect(dropped.intern("\u{212A}") == 50_001 && dropped.intern("e\u{301}") == 50_002)
        #expect(dropped.intern(names[49_999]) == 49_999 && dropped.intern("new") == 50_003)
        // A dropped ASCII table finds names by their bytes again.
        var ascii = NameTable()
        _ = ascii.intern("web")
        var again = ascii.droppingLookup()
        #expect(again.intern("web") == 0 && again.intern("\u{212A}") == 1 && again.intern("K") == 1)
    }
}

/// The checksum of a cache payload (format version 3): the payload cut into blocks of `blockSize`
/// bytes, each block hashed on its own by `Checksum` (seeded with its index and length), and the
/// blocks' hashes hashed in order with the payload's length. Blocks are independent, so a reader
/// checks them on all cores; a writer feeds the payload in pieces of any lengths.
struct BlockChecksum {
    /// Bytes a block (the last one may be shorter).
    static let blockSize = 1 << 20

    private let length: Int
    private var total: Checksum
    private var block: Checksum
    private var blockIndex = 0
    /// Bytes of the current block fed so far.
    private var filled = 0

    /// A checksum of a payload of `length` bytes, to be fed in order.
    init(length: Int) {
        self.length = length
        total = Checksum(length: length)
        block = Self.blockSeed(index: 0, length: length)
    }

    /// The empty hash of block `index` of a `length`-byte payload.
    static func blockSeed(index: Int, length: Int) -> Checksum {
        let blockLength = max(0, min(blockSize, length - index * blockSize))
        return Checksum(length: index << 32 | blockLength)
    }

    /// Feeds the next bytes of the payload.
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + Self.blockSize - filled)
            block.add(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            filled += end - start
            start = end
            if filled == Self.blockSize { closeBlock() }
        }
    }

    private mutating func closeBlock() {
        total.add(blockHash: block.finish())
        blockIndex += 1
        filled = 0
        block = Self.blockSeed(index: blockIndex, length: length)
    }

    /// The checksum once every byte of the payload was fed.
    mutating func finish() -> UInt64 {
        if filled > 0 { closeBlock() }
        return total.finish()
    }

    /// The checksum of a whole payload, its blocks hashed on all cores; with `handingBack` (a
    /// read-only file mapping), each block's pages are handed back once hashed.
    static func of(_ bytes: UnsafeBufferPointer<UInt8>, handingBack: Bool) -> UInt64 {
        let blocks = (bytes.count + blockSize - 1) / blockSize
        let hashes = SharedSlots<UInt64>(repeating: 0, count: blocks)
        let parts = ParallelParts.parts(blocks, minimum: 4)
        let shared = SharedColumn(values: bytes)
        ParallelParts.forEach(parts) { _, part in
            let raw = UnsafeRawBufferPointer(shared.values)
            for index in part {
                let range = (index * blockSize)..<min(raw.count, (index + 1) * blockSize)
                var hash = blockSeed(index: index, length: raw.count)
                hash.add(UnsafeRawBufferPointer(rebasing: raw[range]))
                hashes[index] = hash.finish()
                if handingBack, let base = raw.baseAddress {
                    PageHandBack.handBack(base, from: range.lowerBound, to: range.upperBound)
                }
            }
        }
        var total = Checksum(length: bytes.count)
        for hash in hashes.take() { total.add(blockHash: hash) }
        return total.finish()
    }
}

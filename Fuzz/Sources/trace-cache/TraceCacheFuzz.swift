import FuzzSupport
import OpexsimTraces

/// The binary trace cache reader: the input is one cache file. It is decoded as given, then with its
/// header's length and checksum made to fit, so that changes reach the payload's checks; a cache
/// accepted must hold a consistent trace that writes and reads back unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    var bytes = Fuzz.bytes(data, size)
    decode(bytes)
    if bytes.count >= 32 {
        let payload = bytes.count - 32
        let sum = bytes.withUnsafeBufferPointer { TraceCache.payloadChecksum(UnsafeBufferPointer(rebasing: $0[32...])) }
        bytes.replaceSubrange(0..<8, with: TraceCache.magic)
        withUnsafeBytes(of: TraceCache.version.littleEndian) { bytes.replaceSubrange(8..<12, with: $0) }
        withUnsafeBytes(of: UInt64(payload).littleEndian) { bytes.replaceSubrange(16..<24, with: $0) }
        withUnsafeBytes(of: sum.littleEndian) { bytes.replaceSubrange(24..<32, with: $0) }
        decode(bytes)
    }
    return 0
}

private func decode(_ bytes: [UInt8]) {
    Fuzz.refusing {
        let trace = try bytes.withUnsafeBufferPointer { try TraceCache.decode($0, file: "fuzz.opxt") }
        _ = Fuzz.fingerprint(trace, lines: false)  // a cache keeps no source lines
        Fuzz.roundTrip(trace, file: "fuzz.opxt")
    }
}

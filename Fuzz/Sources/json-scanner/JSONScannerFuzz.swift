import FuzzSupport
import OpexsimImport

/// The JSON pull scanner: the input is one document. It is walked value by value with the
/// structure readers and skipped whole with `skipValue`; both must accept the same documents and
/// end at the same byte.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    bytes.withUnsafeBufferPointer { buffer in
        var walked = JSONScanner(buffer, file: "fuzz.json")
        var skipped = JSONScanner(buffer, file: "fuzz.json")
        let walking = outcome { try walk(&walked, depth: 0) }
        let skipping = outcome { try skipped.skipValue() }
        Fuzz.expect(
            (walking == nil) == (skipping == nil) && (walking != nil || walked.offset == skipped.offset),
            "walking and skipping disagree: \(walking ?? "ok at \(walked.offset)") / \(skipping ?? "ok at \(skipped.offset)")"
        )
        Fuzz.refusing { try walked.finish() }
        _ = walked.location(of: size / 2)
    }
    return 0
}

/// Nil when `body` succeeds, else its error.
private func outcome(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return "\(error)"
    }
}

/// Reads the next value with the structure readers, nested values to a depth of 64, deeper ones skipped.
private func walk(_ scanner: inout JSONScanner, depth: Int) throws {
    guard depth < 64 else { return try scanner.skipValue() }
    switch try scanner.peekKind() {
    case .object:
        try scanner.beginObject()
        while try scanner.nextKey() != nil { try walk(&scanner, depth: depth + 1) }
    case .array:
        try scanner.beginArray()
        while try scanner.nextElement() { try walk(&scanner, depth: depth + 1) }
    case .string:
        var copy = scanner
        _ = try scanner.readString()
        _ = copy.decode(try copy.readStringToken())
    case .number:
        var copy = scanner
        Fuzz.refusing { _ = try copy.readDouble() }
        _ = try scanner.readNumber()
    case .bool: _ = try scanner.readBool()
    case .null: _ = try scanner.readNull()
    }
}

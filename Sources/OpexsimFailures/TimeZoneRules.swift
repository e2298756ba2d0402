import OpexsimTraces

/// A time zone from the system's tz database (a TZif file, RFC 8536): the UTC offsets in force over
/// time, as Go's `time.LoadLocation` reads them for a cron `CRON_TZ=` prefix. Transitions come from
/// the file's 64-bit data; after the last one, from its POSIX TZ footer (`CET-1CEST,M3.5.0,M10.5.0/3`).
public struct TimeZoneRules: Sendable, Equatable {
    /// The zone's name (`Europe/Berlin`).
    public let name: String
    /// Transition instants, seconds since the epoch, ascending.
    let transitions: [Int64]
    /// The offset (seconds east of UTC) in force from each transition.
    let offsets: [Int32]
    /// The offset before the first transition.
    let initialOffset: Int32
    /// The rule after the last transition, nil when the last offset holds for ever.
    let footer: PosixTimeZone?

    /// UTC: no transitions.
    public static let utc = TimeZoneRules(name: "UTC", transitions: [], offsets: [], initialOffset: 0, footer: nil)

    /// The offset in force at `utc` (seconds since the epoch) and the span it holds over, as Go's
    /// `Location.lookup` gives them (`start...end` exclusive of `end`).
    public func lookup(_ utc: Int64) -> (offset: Int32, start: Int64, end: Int64) {
        if transitions.isEmpty || utc < transitions[0] {
            if transitions.isEmpty, let footer { return footer.lookup(utc) }
            return (initialOffset, Int64.min, transitions.first ?? Int64.max)
        }
        var low = 0, high = transitions.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if transitions[middle] <= utc { low = middle } else { high = middle }
        }
        if low == transitions.count - 1, let footer {
            let rule = footer.lookup(utc)
            return (rule.offset, max(rule.start, transitions[low]), rule.end)
        }
        return (offsets[low], transitions[low], low + 1 < transitions.count ? transitions[low + 1] : Int64.max)
    }

    /// The instant of local wall time `local` (seconds since the epoch as if the wall clock were UTC),
    /// resolved as Go's `time.Date` does: the offset in force at `local` read as UTC, unless the
    /// instant that gives lies outside that offset's span, then the offset in force at that instant.
    /// A wall time the zone skips or repeats gets one of its two readings.
    public func instant(ofLocal local: Int64) -> Int64 {
        let (offset, start, end) = lookup(local)
        guard offset != 0 else { return local }
        var utc = local - Int64(offset)
        if utc < start || utc >= end { utc = local - Int64(lookup(utc).offset) }
        return utc
    }

    /// Local wall time (seconds since the epoch as if the clock were UTC) of instant `utc`.
    public func local(_ utc: Int64) -> Int64 { utc + Int64(lookup(utc).offset) }
}

/// Reading a zone from the tz database.
extension TimeZoneRules {
    /// Where Go's `time.LoadLocation` looks on Linux, after the `ZONEINFO` directory if set.
    static let databaseDirectories = ["/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ"]

    /// Loads zone `name` (`America/New_York`, `UTC`) from the system's tz database; nil with the
    /// reason when it is not a zone name or no directory has it.
    public static func load(_ name: String, environment: [String: String] = [:]) -> Result<TimeZoneRules, ZoneError> {
        if name == "UTC" || name == "Etc/UTC" || name == "" { return .success(.utc) }
        // Go refuses names that could leave the database directory.
        guard !name.hasPrefix("/"), !name.split(separator: "/").contains(".."), !name.contains("\\") else {
            return .failure(ZoneError(message: "time zone \"\(name)\" is not a zone name"))
        }
        let directories = (environment["ZONEINFO"].map { [$0] } ?? []) + databaseDirectories
        for directory in directories {
            guard let bytes = try? FileBytes.read(directory + "/" + name) else { continue }
            do {
                return .success(try parse(bytes, name: name))
            } catch {
                return .failure(error)
            }
        }
        return .failure(
            ZoneError(
                message:
                    "time zone \"\(name)\" is not in the tz database (\(directories.joined(separator: ", "))); install tzdata or check the name"
            ))
    }

    /// Why a zone could not be read.
    public struct ZoneError: Error, Equatable {
        public var message: String
    }

    /// Reads a TZif file (version 1, 2, 3 or 4): the 64-bit block and footer when present.
    static func parse(_ bytes: [UInt8], name: String) throws(ZoneError) -> TimeZoneRules {
        func bad(_ why: String) -> ZoneError { ZoneError(message: "time zone \(name): not a TZif file (\(why))") }
        let reader = ByteReader(bytes: bytes)
        guard bytes.count >= 44, Array(bytes[0..<4]) == Array("TZif".utf8) else { throw bad("no TZif header") }
        let version = bytes[4]
        guard var header = reader.header(at: 0) else { throw bad("truncated header") }
        var timeSize = 4
        if version >= UInt8(ascii: "2") {
            // Skip the version 1 block to the 64-bit one.
            let second = 44 + header.dataLength(timeSize: 4)
            guard let next = reader.header(at: second) else { throw bad("truncated version 2 header") }
            header = next
            timeSize = 8
        }
        let start = header.offset + 44
        var position = start
        guard start + header.dataLength(timeSize: timeSize) <= bytes.count else { throw bad("truncated data") }
        var transitions: [Int64] = []
        for _ in 0..<header.timeCount {
            transitions.append(timeSize == 8 ? reader.int64(at: position) : Int64(reader.int32(at: position)))
            position += timeSize
        }
        let typeIndexes = (0..<header.timeCount).map { Int(bytes[position + $0]) }
        position += header.timeCount
        var typeOffsets: [Int32] = []
        for _ in 0..<header.typeCount {
            typeOffsets.append(reader.int32(at: position))
            position += 6
        }
        guard typeIndexes.allSatisfy({ $0 < typeOffsets.count }), !typeOffsets.isEmpty else {
            throw bad("a transition names a missing type")
        }
        var footer: PosixTimeZone?
        if timeSize == 8 {
            let end = start + header.dataLength(timeSize: 8)
            // The footer: "\n" TZ string "\n".
            if end < bytes.count, bytes[end] == UInt8(ascii: "\n"),
                let close = bytes[(end + 1)...].firstIndex(of: UInt8(ascii: "\n")), close > end + 1
            {
                let text = String(decoding: bytes[(end + 1)..<close], as: UTF8.self)
                guard let rule = PosixTimeZone(parsing: text) else { throw bad("unreadable footer \"\(text)\"") }
                footer = rule
            }
        }
        // RFC 8536: before the first transition, the first type (type 0) applies.
        return TimeZoneRules(
            name: name, transitions: transitions, offsets: typeIndexes.map { typeOffsets[$0] },
            initialOffset: typeOffsets[0], footer: footer)
    }
}

/// Big-endian reads over a TZif file.
private struct ByteReader {
    let bytes: [UInt8]

    struct Header {
        var offset: Int
        var utcIndicatorCount: Int
        var standardIndicatorCount: Int
        var leapCount: Int
        var timeCount: Int
        var typeCount: Int
        var characterCount: Int

        func dataLength(timeSize: Int) -> Int {
            timeCount * timeSize + timeCount + typeCount * 6 + characterCount + leapCount * (timeSize + 4)
                + standardIndicatorCount + utcIndicatorCount
        }
    }

    func header(at offset: Int) -> Header? {
        guard offset + 44 <= bytes.count, Array(bytes[offset..<offset + 4]) == Array("TZif".utf8) else { return nil }
        let counts = (0..<6).map { Int(UInt32(bitPattern: int32(at: offset + 20 + 4 * $0))) }
        return Header(
            offset: offset, utcIndicatorCount: counts[0], standardIndicatorCount: counts[1], leapCount: counts[2],
            timeCount: counts[3], typeCount: counts[4], characterCount: counts[5])
    }

    func int32(at position: Int) -> Int32 {
        var value: UInt32 = 0
        for k in 0..<4 { value = value << 8 | UInt32(bytes[position + k]) }
        return Int32(bitPattern: value)
    }

    func int64(at position: Int) -> Int64 {
        var value: UInt64 = 0
        for k in 0..<8 { value = value << 8 | UInt64(bytes[position + k]) }
        return Int64(bitPattern: value)
    }
}

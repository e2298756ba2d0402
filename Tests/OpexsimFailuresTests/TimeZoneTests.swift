import Foundation
import OpexsimTraces
import Testing

@testable import OpexsimFailures

/// True when the system's tz database is there (tests that read it say so when it is not).
private let hasZoneDatabase: Bool = {
    let present = FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/Europe/Berlin")
    if !present { print("TimeZoneTests: /usr/share/zoneinfo is absent (install tzdata); zone tests skipped") }
    return present
}()

private func zone(_ name: String) throws -> TimeZoneRules { try TimeZoneRules.load(name).get() }

@Suite("Time zones from the tz database, and cron schedules read in them (robfig/cron v3 with CRON_TZ)")
struct TimeZoneTests {
    @Test("POSIX TZ footers: northern and southern rules, quoted names, times past 24 h")
    func posix() throws {
        let newYork = try #require(PosixTimeZone(parsing: "EST5EDT,M3.2.0,M11.1.0"))
        // 2026: DST from Sunday March 8, 2:00 EST (07:00Z) to Sunday November 1, 2:00 EDT (06:00Z).
        #expect(newYork.lookup(at("2026-03-08T06:59:59Z") / 1000).offset == -18_000)
        #expect(newYork.lookup(at("2026-03-08T07:00:00Z") / 1000).offset == -14_400)
        #expect(newYork.lookup(at("2026-11-01T05:59:59Z") / 1000).offset == -14_400)
        #expect(newYork.lookup(at("2026-11-01T06:00:00Z") / 1000).offset == -18_000)
        let span = newYork.lookup(at("2026-07-01T00:00:00Z") / 1000)
        #expect(span.start == at("2026-03-08T07:00:00Z") / 1000 && span.end == at("2026-11-01T06:00:00Z") / 1000)
        // Sydney: DST from the first Sunday of October 2:00 AEST to the first Sunday of April 3:00 AEDT.
        let sydney = try #require(PosixTimeZone(parsing: "AEST-10AEDT,M10.1.0,M4.1.0/3"))
        #expect(sydney.lookup(at("2026-01-15T00:00:00Z") / 1000).offset == 39_600)
        #expect(sydney.lookup(at("2026-04-04T15:59:59Z") / 1000).offset == 39_600)
        #expect(sydney.lookup(at("2026-04-04T16:00:00Z") / 1000).offset == 36_000)
        #expect(sydney.lookup(at("2026-10-03T16:00:00Z") / 1000).offset == 39_600)
        #expect(try #require(PosixTimeZone(parsing: "<+0330>-3:30")).lookup(0).offset == 12_600)
        // Israel: Friday before the last Sunday of March at 2:00 (26:00 of the Thursday of week 4).
        let israel = try #require(PosixTimeZone(parsing: "IST-2IDT,M3.4.4/26,M10.5.0"))
        #expect(israel.lookup(at("2026-03-26T23:59:59Z") / 1000).offset == 7_200)
        #expect(israel.lookup(at("2026-03-27T00:00:00Z") / 1000).offset == 10_800)
        #expect(PosixTimeZone(parsing: "E5") == nil)
        #expect(PosixTimeZone(parsing: "EST5EDT,M13.1.0,M11.1.0") == nil)
    }

    @Test(
        "TZif files: Berlin's offsets from the transitions and, past 2037, from the footer",
        .enabled(if: hasZoneDatabase))
    func berlin() throws {
        let berlin = try zone("Europe/Berlin")
        func offset(_ text: String) -> Int32 { berlin.lookup(at(text) / 1000).offset }
        #expect(offset("2026-01-05T10:00:00Z") == 3_600)
        #expect(offset("2026-03-29T00:59:59Z") == 3_600)
        #expect(offset("2026-03-29T01:00:00Z") == 7_200)
        #expect(offset("2026-10-25T00:59:59Z") == 7_200)
        #expect(offset("2026-10-25T01:00:00Z") == 3_600)
        #expect(offset("2045-07-01T00:00:00Z") == 7_200)
        #expect(offset("2045-12-01T00:00:00Z") == 3_600)
        // Local mean time (+0:53:28) until 1893-04-01.
        #expect(offset("1890-01-01T00:00:00Z") == 3_208)
        // Go's time.Date: 02:30 on the spring-forward night reads with the earlier offset (= 03:30 CEST);
        // 02:30 on the fall-back night, which happens twice, gives the CET reading (01:30Z): the offset
        // in force at 02:30Z is CET, and 02:30 − 1 h lies inside it.
        let skipped = TraceTime.daysSinceEpoch(year: 2026, month: 3, day: 29) * 86_400 + 9_000
        #expect(berlin.instant(ofLocal: Int64(skipped)) == at("2026-03-29T01:30:00Z") / 1000)
        let repeated = TraceTime.daysSinceEpoch(year: 2026, month: 10, day: 25) * 86_400 + 9_000
        #expect(berlin.instant(ofLocal: Int64(repeated)) == at("2026-10-25T01:30:00Z") / 1000)
    }

    @Test("cron in a zone: daily at 2:00 Berlin is 01:00Z in winter, 00:00Z in summer", .enabled(if: hasZoneDatabase))
    func cronBerlin() throws {
        #expect(try next("CRON_TZ=Europe/Berlin 0 2 * * *", after: "2026-01-05T10:00:00Z") == "2026-01-06T01:00:00Z")
        #expect(try next("CRON_TZ=Europe/Berlin 0 2 * * *", after: "2026-07-05T10:00:00Z") == "2026-07-06T00:00:00Z")
        #expect(try next("TZ=Asia/Kolkata 30 9 * * *", after: "2026-01-05T00:00:00Z") == "2026-01-05T04:00:00Z")
    }

    @Test(
        "robfig's daylight-saving behaviour: a skipped wall time does not fire, a repeated one fires twice",
        .enabled(if: hasZoneDatabase))
    func cronDST() throws {
        // 2026-03-08: New York skips 02:00–03:00, so 02:00 daily fires on the 7th and the 9th only.
        #expect(try next("TZ=America/New_York 0 2 * * *", after: "2026-03-07T06:00:00Z") == "2026-03-07T07:00:00Z")
        #expect(try next("TZ=America/New_York 0 2 * * *", after: "2026-03-07T07:00:00Z") == "2026-03-09T06:00:00Z")
        // 2012-11-04: 01:30 happens in EDT (05:30Z) and again in EST (06:30Z); robfig fires at both.
        #expect(try next("TZ=America/New_York 30 1 04 Nov ?", after: "2012-11-04T05:45:00Z") == "2012-11-04T06:30:00Z")
        #expect(try next("TZ=America/New_York 30 1 * * *", after: "2012-11-04T05:00:00Z") == "2012-11-04T05:30:00Z")
        // 2012-03-11 has no 02:30 in New York: the next 02:30 on March 11 is in 2013 (EDT).
        #expect(try next("TZ=America/New_York 30 2 11 Mar ?", after: "2012-03-11T05:00:00Z") == "2013-03-11T06:30:00Z")
    }

    @Test("the zone algorithm in UTC agrees with the UTC one on a range of expressions")
    func utcAgreement() throws {
        let expressions = [
            "5 * * * *", "*/7 3-5 * * *", "0 0 29 2 *", "15 10 * * 1-5", "0 0 1,15 * 3", "30 2 31 * *", "0 12 * 2 0",
            "*/13 */5 */3 * *",
        ]
        var instant = at("2026-01-05T10:00:00Z") / 1000
        for expression in expressions {
            let schedule = try CronSchedule(parsing: expression, allowSeconds: true)
            guard case .fields(let fields) = schedule.rule else { continue }
            for _ in 0..<50 {
                let utc = fields.next(after: instant)
                #expect(utc == fields.next(after: instant, in: .utc), "\(expression) after \(instant)")
                instant = (utc ?? instant) + 17
            }
        }
    }

    @Test("a Velero schedule in Europe/Berlin sets the RPO by Berlin's clock", .enabled(if: hasZoneDatabase))
    func veleroRPO() throws {
        let documents = try FailureDocuments.parse(
            """
            apiVersion: velero.io/v1
            kind: Schedule
            metadata: {name: nightly, namespace: velero}
            spec: {schedule: "CRON_TZ=Europe/Berlin 0 2 * * *", template: {includedNamespaces: [a]}}
            """, file: "v.yaml")
        // 2:00 CET is 01:00Z; the backup starts 30 s later and takes its transfer time.
        #expect(documents.backups[0].cron.next(after: at("2026-01-05T12:00:00Z")) == at("2026-01-06T01:00:00Z"))
    }
}

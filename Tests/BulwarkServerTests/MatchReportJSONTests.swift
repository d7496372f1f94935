import BulwarkCore
import Foundation
import Pipeline
import Testing
import VideoHashing
@testable import BulwarkServer

@Suite("The match report writer agrees with the generic JSON encoder")
struct MatchReportJSONTests {
    static func match(_ id: Int64, labels: EntryLabels, name: String = "bench") -> BankMatch {
        BankMatch(bankID: 3, bankName: name, holdsKnownRealVictims: id % 2 == 0, entryID: id,
                  signal: Signal(type: .pdq, value: String(repeating: "ab", count: 32)),
                  query: Signal(type: .pdq, value: String(repeating: "cd", count: 32)),
                  labels: labels, distance: Int(id % 32))
    }

    static let awkward = "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u{07} nul \u{00} unit \u{1F} del \u{7F} é 漢 \u{2028} 🙂"

    static let reports: [MatchReport] = [
        MatchReport(matches: [], decision: .allow, ignored: []),
        MatchReport(matches: [], decision: .allow,
                    ignored: [IgnoredSignal(signal: Signal(type: .pdq, value: "00"), reason: "quality 10 is under the minimum 50")]),
        MatchReport(matches: [match(1, labels: EntryLabels())], decision: Decision(reasons: [
            Reason(code: "bank.match", verdict: .block, message: "pdq matches", source: "bank:3",
                   details: ["z": "last", "a": "first", "bank_name": awkward]),
        ]), ignored: []),
        MatchReport(matches: [
            match(2, labels: EntryLabels(source: awkward, category: "B", aiGenerated: .yes, note: "note")),
            match(5, labels: EntryLabels(category: "A", aiGenerated: .no), name: awkward),
        ], decision: Decision(reasons: [
            Reason(code: "bank.match", verdict: .review, message: awkward),
            Reason(code: "bank.match", verdict: .block, message: "m", source: nil, details: [:]),
        ]), ignored: [IgnoredSignal(signal: Signal(type: .md5, value: awkward), reason: awkward)]),
    ]

    @Test("byte for byte, on reports with and without matches, labels and awkward strings",
          arguments: reports.indices)
    func agreesWithEncoder(index: Int) throws {
        let report = Self.reports[index]
        let fast = try #require(MatchReportJSON.encode(report))
        let generic = Array(try JSONIO.encoder().encode(report))
        #expect(String(decoding: fast, as: UTF8.self) == String(decoding: generic, as: UTF8.self))
        #expect(fast == generic)
    }
}

extension MatchReportJSONTests {
    @Test("a report with a video match is left to the generic encoder")
    func videoGoesToTheGenericEncoder() {
        var video = Self.match(1, labels: EntryLabels())
        video.video = VPDQMatchResult(queryMatchPercent: 87.5, comparedMatchPercent: 100, isMatch: true)
        #expect(MatchReportJSON.encode(MatchReport(matches: [video], decision: .allow, ignored: [])) == nil)
    }
}

import BulwarkCore
import Cases
import Foundation
import Testing

@Suite("Intake values")
struct IntakeValueTests {
    @Test("content hashes are normalized to algorithm:lowercase-hex")
    func hashes() throws {
        let hex = String(repeating: "Ab", count: 32)
        #expect(try ContentHash(" SHA256:\(hex) ").text == "sha256:" + hex.lowercased())
        #expect(try ContentHash("md5:" + String(repeating: "0", count: 32)).text.hasPrefix("md5:"))
        #expect(try ContentHash("pdq:" + String(repeating: "f", count: 64)).text.hasPrefix("pdq:"))
    }

    @Test("bad content hashes say what is wrong", arguments: [
        ("sha256", "expected algorithm:hex"),
        ("crc32:00000000", "unknown algorithm 'crc32'"),
        ("md5:abc", "md5 needs 32 hex digits, got 3"),
        ("md5:" + String(repeating: "0", count: 31) + "g", "not a hex digit at position 31"),
        (String(repeating: "a", count: 81), "longer than 80"),
    ])
    func badHashes(raw: String, message: String) {
        do {
            _ = try ContentHash(raw)
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "contentHash")
            #expect(error.reason.contains(message), "\(error)")
        }
    }

    @Test("URLs that name the same target normalize alike")
    func urls() throws {
        let a = try NormalizedURL("HTTPS://Example.ORG:443/path/?q=1#frag")
        let b = try NormalizedURL("https://example.org/path?q=1")
        #expect(a == b)
        #expect(try NormalizedURL("http://example.org").text == "http://example.org/")
        #expect(try NormalizedURL("http://example.org:8080/a").text == "http://example.org:8080/a")
        #expect(try NormalizedURL("https://example.org/A") != NormalizedURL("https://example.org/a"))
    }

    @Test("bad URLs say what is wrong", arguments: ["", "ftp://example.org/x", "https:///nohost", "https://exa mple.org/", "not a url"])
    func badURLs(raw: String) {
        #expect(throws: IntakeError.self) { try NormalizedURL(raw) }
        let long = "https://example.org/" + String(repeating: "a", count: 5000)
        #expect(throws: IntakeError.self) { try NormalizedURL(long) }
    }

    @Test("a report needs a URL or a hash and a reporter")
    func reports() throws {
        let at = Date(timeIntervalSince1970: 0)
        #expect(throws: IntakeError(field: "url", reason: "a report needs a url or a contentHash")) {
            try CaseDraft.externalReport(reporter: "partner", url: nil, contentHash: " ", team: "t", receivedAt: at)
        }
        #expect(throws: IntakeError.self) { try CaseDraft.externalReport(reporter: "", url: "https://a.example/", contentHash: nil, team: "t", receivedAt: at) }
        let draft = try CaseDraft.externalReport(reporter: "partner", url: "https://A.example/x/", contentHash: nil, kind: .removalOrder, team: "t", receivedAt: at)
        #expect(draft.url?.text == "https://a.example/x")
        #expect(draft.kind == .removalOrder)
        #expect(draft.source.reporter == "partner")
    }

    @Test("a bank match from a known-real-victims bank is flagged")
    func bankMatch() {
        let bank = Bank(id: 7, name: "hotline", enabled: true, holdsKnownRealVictims: true, description: "", createdAt: Date(), updatedAt: Date())
        let draft = CaseDraft.bankMatch(bank: bank, entryID: 99, contentHash: nil, reasons: [testReason("bank.match")], team: "t", receivedAt: Date())
        #expect(draft.knownRealVictims)
        #expect(draft.source.reference == "bank:7/entry:99")
        #expect(draft.kind == .bankMatch)
    }

    @Test("priority: known real victims, then real child, then youngest band, then most severe category")
    func priorityOrder() {
        let scheme = AssessmentScheme.iwfDefault
        func rank(_ known: Bool, _ real: Bool, _ category: String?, _ band: String?) -> Int64 {
            CasePriority.rank(knownRealVictims: known, mayShowRealChild: real,
                              assessment: Assessment(category: category, ageBand: band), scheme: scheme)
        }
        let ordered = [
            rank(true, true, "C", "16-17"),
            rank(true, true, nil, nil),
            rank(false, true, "C", "0-2"),
            rank(false, true, "A", "3-6"),
            rank(false, true, "B", "3-6"),
            rank(false, true, nil, nil),
            rank(false, false, "A", "0-2"),
        ]
        #expect(ordered == ordered.sorted())
        #expect(Set(ordered).count == ordered.count)
    }

    @Test("deadline clocks per kind, configurable")
    func deadlines() throws {
        let start = Date(timeIntervalSince1970: 0)
        let policy = DeadlinePolicy.standard
        #expect(policy.dueDate(for: .removalOrder, openedAt: start).timeIntervalSince(start) == 24 * 3600)
        #expect(policy.dueDate(for: .intimateImageRequest, openedAt: start).timeIntervalSince(start) == 48 * 3600)
        #expect(policy.duration(for: .text) == 72 * 3600)
        let custom = try DeadlinePolicy.decode(Data(#"{"hoursByKind":{"removal-order":1},"defaultHours":12}"#.utf8))
        #expect(custom.duration(for: .removalOrder) == 3600)
        #expect(throws: BulwarkError.invalidInput(what: "deadline policy", where: "hoursByKind.removal-order", reason: "must be more than 0 and at most 8784 hours")) {
            try DeadlinePolicy.decode(Data(#"{"hoursByKind":{"removal-order":-1},"defaultHours":12}"#.utf8))
        }
        #expect(throws: BulwarkError.self) { try DeadlinePolicy.decode(Data(#"{"hoursByKind":{"Bad Kind":1},"defaultHours":12}"#.utf8)) }
    }

    @Test("queue cursor tokens round-trip; malformed ones are refused")
    func cursors() {
        let cursor = QueueCursor(priorityRank: 1_006_003, dueMillis: -5, id: 42)
        #expect(QueueCursor(token: cursor.token) == cursor)
        for bad in ["", "1.2", "1.2.3.4", "a.b.c", "1..3", String(repeating: "9", count: 70)] {
            #expect(QueueCursor(token: bad) == nil)
        }
    }

    @Test("break reminders after N reveals or M minutes; a long gap is a break")
    func breaks() {
        let policy = BreakPolicy(maximumRevealsPerSession: 3, maximumSessionMinutes: 30, breakMinutes: 10)
        let t0 = Date(timeIntervalSince1970: 10_000)
        func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }
        #expect(!policy.advice(revealTimes: [], now: t0).takeBreak)
        #expect(!policy.advice(revealTimes: [at(0), at(1)], now: at(2)).takeBreak)
        let three = policy.advice(revealTimes: [at(0), at(1), at(2)], now: at(2))
        #expect(three.takeBreak && three.revealsThisSession == 3)
        // A 15-minute gap started a new session.
        #expect(!policy.advice(revealTimes: [at(0), at(1), at(16), at(17)], now: at(17)).takeBreak)
        // Continuous review for over 30 minutes with few reveals.
        let slow = BreakPolicy(maximumRevealsPerSession: 100, maximumSessionMinutes: 30, breakMinutes: 10)
        let advice = slow.advice(revealTimes: [at(0), at(9), at(18), at(27)], now: at(31))
        #expect(advice.takeBreak && advice.reason?.contains("minutes") == true)
        // Idle since the last reveal longer than a break: no reminder.
        #expect(!slow.advice(revealTimes: [at(0), at(9), at(18), at(27)], now: at(40)).takeBreak)
    }
}

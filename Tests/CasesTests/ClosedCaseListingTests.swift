import BulwarkCore
import Cases
import Foundation
import Testing

/// Listing closed cases for transparency figures; the same bodies run on SQLite and PostgreSQL.
@Suite("Closed-case listing")
struct ClosedCaseListingTests {
    private static let admin = Reviewer.admin("admin-key")

    private func report(_ cases: TestCases, team: String, hash: Int, kind: CaseKind = .externalReport) throws -> CaseDraft {
        try CaseDraft.externalReport(reporter: "partner", url: nil, contentHash: try cases.hash(hash).text, kind: kind, team: team,
                                     receivedAt: cases.clock.now)
    }

    private func close(_ cases: TestCases, _ id: Int64, at: Date, outcome: CaseOutcome = .confirmed) async throws {
        _ = try await cases.store.close(caseID: id, outcome: outcome, actor: "closer", note: nil, requireAgreement: false, at: at)
    }

    @Test("period bounds [from, to), team filter, origin of the first report and the figures' fields", arguments: CaseBackend.allCases)
    func periodAndTeams(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let service = cases.service()
        let red = cases.team("red"), blue = cases.team("blue")
        let clock = cases.clock
        let bank = Bank(id: 7, name: "plain", enabled: true, holdsKnownRealVictims: false, description: "", createdAt: clock.now, updatedAt: clock.now)

        let matched = try await service.intake(.bankMatch(bank: bank, entryID: 3, contentHash: try cases.hash(1), reasons: [], team: red,
                                                          receivedAt: clock.now), actor: "system").reviewCase
        // A partner's repeat report joins the match: the origin stays that of the first report.
        #expect(try await service.intake(try report(cases, team: red, hash: 1), actor: "partner").joined)
        let text = try await service.intake(.finding(.text, reference: "rule.grooming", contentHash: try cases.hash(2), reasons: [],
                                                     team: red, mayShowRealChild: false, receivedAt: clock.now), actor: "system").reviewCase
        let order = try await service.intake(try report(cases, team: blue, hash: 3, kind: .removalOrder), actor: "authority").reviewCase
        let early = try await service.intake(try report(cases, team: red, hash: 4), actor: "partner").reviewCase
        let late = try await service.intake(try report(cases, team: red, hash: 5), actor: "partner").reviewCase
        let stillOpen = try await service.intake(try report(cases, team: red, hash: 6), actor: "partner").reviewCase
        _ = try await service.assess(matched.id, Assessment(category: "B", ageBand: "11-13"), by: Self.admin)

        let from = clock.now.addingTimeInterval(3600), to = from.addingTimeInterval(10 * 3600)
        try await close(cases, early.id, at: from.addingTimeInterval(-0.001))
        try await close(cases, matched.id, at: from)
        try await close(cases, text.id, at: from.addingTimeInterval(2 * 3600), outcome: .notActionable)
        try await close(cases, order.id, at: from.addingTimeInterval(5 * 3600), outcome: .duplicate)
        try await close(cases, late.id, at: to)

        let page = try await cases.store.closedCases(from: from, to: to, teams: [red, blue], after: nil, limit: 50)
        #expect(page.cases.map(\.id) == [matched.id, text.id, order.id])
        #expect(page.next == nil)
        #expect(!page.cases.contains { $0.id == stillOpen.id })

        let first = try #require(page.cases.first)
        #expect(first.origin == .bankMatch && first.kind == .bankMatch)
        #expect(first.category == "B" && first.ageBand == "11-13")
        #expect(first.outcome == .confirmed && first.reportCount == 2 && first.team == red)
        #expect(first.createdAt == matched.createdAt && first.closedAt == from)
        #expect(first.timeToClose == 3600)
        let second = page.cases[1]
        #expect(second.origin == .text && second.kind == .text && !second.mayShowRealChild)
        #expect(second.outcome == .notActionable && second.category == nil)
        let third = page.cases[2]
        #expect(third.origin == .report && third.kind == .removalOrder && third.team == blue && third.outcome == .duplicate)

        #expect(try await cases.store.closedCases(from: from, to: to, teams: [blue], after: nil, limit: 50).cases.map(\.id) == [order.id])
        #expect(try await cases.store.closedCases(from: from, to: to, teams: [red, red], after: nil, limit: 50).cases.map(\.id)
            == [matched.id, text.id])
        #expect(try await cases.store.closedCases(from: from, to: to, teams: [], after: nil, limit: 50).cases.isEmpty)
        #expect(try await cases.store.closedCases(from: to, to: from, teams: [red], after: nil, limit: 50).cases.isEmpty)
        #expect(try await cases.store.closedCases(from: from, to: from, teams: [red], after: nil, limit: 50).cases.isEmpty)
        // Any period bounds are taken, however far out.
        #expect(try await cases.store.closedCases(from: .distantPast, to: Date(timeIntervalSince1970: 1e300), teams: [blue], after: nil, limit: 50)
            .cases.map(\.id) == [order.id])
        // The period is [from, to): the case closed exactly at `to` belongs to the next one.
        #expect(try await cases.store.closedCases(from: to, to: to.addingTimeInterval(1), teams: [red], after: nil, limit: 50)
            .cases.map(\.id) == [late.id])

        // The service scopes the listing to the caller's teams.
        let reviewer = Reviewer(id: "red-\(cases.prefix)")
        try await service.addMember(reviewer.id, to: red, by: Self.admin)
        #expect(try await service.closedCases(for: reviewer, from: from, to: to).cases.map(\.id) == [matched.id, text.id])
        await #expect(throws: CaseAccessDenied.self) { try await service.closedCases(for: reviewer, team: blue, from: from, to: to) }
        #expect(try await service.closedCases(for: Self.admin, team: blue, from: from, to: to).cases.map(\.id) == [order.id])
    }

    @Test("keyset paging over several pages yields every closed case exactly once, in (closedAt, id) order", arguments: CaseBackend.allCases)
    func paging(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let teams = [cases.team("a"), cases.team("b"), cases.team("c")]
        let base = cases.clock.now
        try await cases.store.insertOpenCases((0..<47).map { index in
            NewCase(team: teams[index % 3], kind: index % 4 == 0 ? .bankMatch : .externalReport, priorityRank: 0,
                    dueAt: base.addingTimeInterval(86_400), createdAt: base, contentHash: nil, url: nil,
                    knownRealVictims: false, mayShowRealChild: true)
        })
        let opened = try await cases.store.queue(teams: teams, after: nil, limit: 1000).cases
        #expect(opened.count == 47)
        // A period no other test closes cases in (the PostgreSQL database is shared), with only
        // five distinct closing times so that ties are broken by id.
        let offset = Double((Int(cases.prefix, radix: 16) ?? 0) % 1_000_000) * 1000
        let from = Date(timeIntervalSince1970: 2_500_000_000 + offset), to = from.addingTimeInterval(3600)
        for (index, item) in opened.sorted(by: { $0.id < $1.id }).enumerated() {
            try await close(cases, item.id, at: from.addingTimeInterval(Double((index * 3) % 5) * 60))
        }
        let closed = try await cases.store.closedCases(from: from, to: to, teams: teams, after: nil, limit: 1000).cases
        let keys = closed.map { ($0.closedAt, $0.id) }
        #expect(closed.count == 47)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
        #expect(closed.filter { $0.kind == .bankMatch }.allSatisfy { $0.origin == .bankMatch })
        #expect(closed.filter { $0.kind == .externalReport }.allSatisfy { $0.origin == .report })

        for (scope, expected) in [(Array(teams.prefix(2)), closed.filter { $0.team != teams[2] }), (nil, closed)] as [([String]?, [ClosedCase])] {
            var seen: [ClosedCase] = []
            var cursor: ClosedCaseCursor?
            var pages = 0
            repeat {
                let page = try await cases.store.closedCases(from: from, to: to, teams: scope, after: cursor, limit: 6)
                #expect(page.cases.count <= 6)
                seen += page.cases
                cursor = page.next
                pages += 1
                if let next = cursor { #expect(try ClosedCaseCursor(token: next.token) == next) }
            } while cursor != nil && pages < 50
            #expect(seen.map(\.id) == expected.map(\.id))
            #expect(Set(seen.map(\.id)).count == expected.count)
            #expect(pages == (expected.count + 5) / 6)
        }

        var walked: [Int64] = []
        for try await item in cases.store.closedCases(from: from, to: to, teams: teams, pageSize: 4) { walked.append(item.id) }
        #expect(walked == closed.map(\.id))
        // A cursor from a page reads from there on; one past the last case reads nothing.
        let tail = try await cases.store.closedCases(from: from, to: to, teams: teams, after: ClosedCaseCursor(after: closed[39]), limit: 50)
        #expect(tail.cases.map(\.id) == closed.suffix(7).map(\.id) && tail.next == nil)
        let past = try await cases.store.closedCases(from: from, to: to, teams: teams, after: ClosedCaseCursor(after: closed[46]), limit: 50)
        #expect(past.cases.isEmpty && past.next == nil)
    }
}

@Suite("Closed-case cursor")
struct ClosedCaseCursorTests {
    @Test("the token round-trips, extremes included")
    func roundTrip() throws {
        for cursor in [
            ClosedCaseCursor(millis: 1_800_000_000_123, id: 42), ClosedCaseCursor(millis: -5, id: 1),
            ClosedCaseCursor(millis: Int64.min, id: Int64.max), ClosedCaseCursor(millis: Int64.max, id: Int64.max),
        ] {
            #expect(try ClosedCaseCursor(token: cursor.token) == cursor)
            #expect(ClosedCaseCursor(cursor.description) == cursor)
        }
    }

    @Test("a malformed cursor is refused with an error that says what is wrong and where", arguments: [
        ("", "is empty"),
        ("12", "two parts"),
        ("1.2.3", "found 3 part(s)"),
        ("x.5", "part 1 (closed time)"),
        ("1.y", "part 2 (case id)"),
        ("1.", "part 2 (case id)"),
        (".1", "part 1 (closed time)"),
        ("1.0", "must be at least 1"),
        ("1.-4", "must be at least 1"),
        ("99999999999999999999.1", "not a 64-bit integer"),
        (" 1.2", "part 1 (closed time)"),
        (String(repeating: "1", count: 30) + "." + String(repeating: "2", count: 30), "at most 41 allowed"),
    ])
    func malformed(token: String, expected: String) {
        do {
            _ = try ClosedCaseCursor(token: token)
            Issue.record("'\(token)' was accepted")
        } catch {
            guard case .invalidInput(let what, _, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(what == "closed-case cursor")
            #expect(error.description.contains(expected), "\(error.description)")
        }
        #expect(ClosedCaseCursor(token) == nil)
    }
}

@Suite("SQLite closed-case and alert plans")
struct SQLiteClosedCasePlanTests {
    @Test("the closed-case page and the alert claims are range seeks on their indexes, never a scan plus sort")
    func plans() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-cases-closed-plan-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteCaseStore(dataDirectory: directory)
        for (oneTeam, index) in [(true, "cases_closed_team"), (false, "cases_closed_all")] {
            let plan = try await store.closedCasesPlan(oneTeam: oneTeam).joined(separator: " | ")
            #expect(plan.contains("USING INDEX \(index)"), "\(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
        }
        for threshold in DeadlineThreshold.allCases {
            for (unsent, index) in [(false, "cases_\(threshold == .overdue ? "overdue" : "due_soon")_alert_pending"),
                                    (true, "cases_\(threshold == .overdue ? "overdue" : "due_soon")_alert_unsent")] {
                let plan = try await store.deadlineAlertClaimPlan(threshold, unsent: unsent).joined(separator: " | ")
                #expect(plan.contains("USING INDEX \(index)"), "\(plan)")
                #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
            }
        }
        try await store.close()
    }
}

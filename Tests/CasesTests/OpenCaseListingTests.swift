import BulwarkCore
import Cases
import Foundation
import Testing

/// Listing the cases opened in a period and not closed before a time, for transparency
/// figures; the same bodies run on SQLite and PostgreSQL.
@Suite("Open-case listing")
struct OpenCaseListingTests {
    private static let admin = Reviewer.admin("admin-key")

    private func report(_ cases: TestCases, team: String, hash: Int, kind: CaseKind = .externalReport) throws -> CaseDraft {
        try CaseDraft.externalReport(reporter: "partner", url: nil, contentHash: try cases.hash(hash).text, kind: kind, team: team,
                                     receivedAt: cases.clock.now)
    }

    private func close(_ cases: TestCases, _ id: Int64, at: Date) async throws {
        _ = try await cases.store.close(caseID: id, outcome: .confirmed, actor: "closer", note: nil, requireAgreement: false, at: at)
    }

    private func ids(_ cases: TestCases, from: Date, to: Date, teams: [String]?, asOf: Date) async throws -> [Int64] {
        try await cases.store.openCases(from: from, to: to, teams: teams, asOf: asOf, after: nil, limit: 50).cases.map(\.id)
    }

    @Test("period bounds [from, to) on creation, team filter, open as of a time, and the fields", arguments: CaseBackend.allCases)
    func periodTeamsAndAsOf(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let service = cases.service()
        let red = cases.team("red"), blue = cases.team("blue")
        let clock = cases.clock

        let early = try await service.intake(try report(cases, team: red, hash: 1), actor: "partner").reviewCase
        clock.advance(hours: 1)
        let from = clock.now
        let atFrom = try await service.intake(try report(cases, team: red, hash: 2), actor: "partner").reviewCase
        let order = try await service.intake(try report(cases, team: blue, hash: 3, kind: .removalOrder), actor: "authority").reviewCase
        _ = try await service.assess(atFrom.id, Assessment(category: "B", ageBand: "11-13"), by: Self.admin)
        clock.advance(hours: 2)
        let closedBefore = try await service.intake(try report(cases, team: red, hash: 4), actor: "partner").reviewCase
        let closedAtAsOf = try await service.intake(try report(cases, team: red, hash: 5), actor: "partner").reviewCase
        clock.advance(hours: 2)
        let to = clock.now
        let atTo = try await service.intake(try report(cases, team: red, hash: 6), actor: "partner").reviewCase
        let asOf = to.addingTimeInterval(3600)
        try await close(cases, closedBefore.id, at: asOf.addingTimeInterval(-0.001))
        try await close(cases, closedAtAsOf.id, at: asOf)
        try await close(cases, early.id, at: from.addingTimeInterval(60))

        let page = try await cases.store.openCases(from: from, to: to, teams: [red, blue], asOf: asOf, after: nil, limit: 50)
        #expect(page.cases.map(\.id) == [atFrom.id, order.id, closedAtAsOf.id])
        #expect(page.next == nil)
        let first = try #require(page.cases.first)
        #expect(first.team == red && first.kind == .externalReport && first.origin == .report && first.category == "B")
        #expect(first.createdAt == from)
        #expect(page.cases[1].kind == .removalOrder && page.cases[1].origin == .report && page.cases[1].category == nil)

        #expect(try await ids(cases, from: from, to: to, teams: [blue], asOf: asOf) == [order.id])
        #expect(try await ids(cases, from: from, to: to, teams: [red, red], asOf: asOf) == [atFrom.id, closedAtAsOf.id])
        #expect(try await ids(cases, from: from, to: to, teams: [], asOf: asOf).isEmpty)
        #expect(try await ids(cases, from: to, to: from, teams: [red], asOf: asOf).isEmpty)
        #expect(try await ids(cases, from: from, to: from, teams: [red], asOf: asOf).isEmpty)
        // The period is [from, to) on creation: the case opened exactly at `to` is the next one's.
        #expect(try await ids(cases, from: to, to: to.addingTimeInterval(1), teams: [red], asOf: asOf) == [atTo.id])
        #expect(try await ids(cases, from: from.addingTimeInterval(-3600), to: from, teams: [red], asOf: from) == [early.id])
        // As of now only the still-open cases; as of before any closing, every case of the period.
        #expect(try await ids(cases, from: from, to: to, teams: [red, blue], asOf: asOf.addingTimeInterval(3600)) == [atFrom.id, order.id])
        #expect(try await ids(cases, from: .distantPast, to: Date(timeIntervalSince1970: 1e300), teams: [red], asOf: from)
            == [early.id, atFrom.id, closedBefore.id, closedAtAsOf.id, atTo.id])

        // With the cases closed before asOf, every case opened in the period counts exactly once.
        let closed = try await cases.store.closedCases(from: from, to: asOf, teams: [red, blue], after: nil, limit: 50).cases
            .filter { $0.createdAt >= from && $0.createdAt < to }
        #expect(closed.map(\.id) == [closedBefore.id])
        #expect(Set(closed.map(\.id) + page.cases.map(\.id)) == [atFrom.id, order.id, closedBefore.id, closedAtAsOf.id])

        var walked: [Int64] = []
        for try await item in cases.store.openCases(from: from, to: to, teams: [red, blue], asOf: asOf, pageSize: 1) { walked.append(item.id) }
        #expect(walked == page.cases.map(\.id))
    }

    @Test("keyset paging over several pages yields every open case exactly once, in (createdAt, id) order", arguments: CaseBackend.allCases)
    func paging(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let teams = [cases.team("a"), cases.team("b"), cases.team("c")]
        // A period no other test opens cases in (the PostgreSQL database is shared), with only
        // five distinct creation times so that ties are broken by id.
        let offset = Double((Int(cases.prefix, radix: 16) ?? 0) % 1_000_000) * 1000
        let from = Date(timeIntervalSince1970: 2_600_000_000 + offset), to = from.addingTimeInterval(3600)
        try await cases.store.insertOpenCases((0..<47).map { index in
            NewCase(team: teams[index % 3], kind: index % 4 == 0 ? .bankMatch : .externalReport, priorityRank: 0,
                    dueAt: to.addingTimeInterval(86_400), createdAt: from.addingTimeInterval(Double((index * 3) % 5) * 60),
                    contentHash: nil, url: nil, knownRealVictims: false, mayShowRealChild: true)
        })
        let asOf = to.addingTimeInterval(3600)
        let inserted = try await cases.store.queue(teams: teams, after: nil, limit: 1000).cases.sorted { $0.id < $1.id }
        #expect(inserted.count == 47)
        // Every fifth case was closed before asOf (left out), every seventh after it (listed).
        for (index, item) in inserted.enumerated() where index % 5 == 0 || index % 7 == 0 {
            try await close(cases, item.id, at: asOf.addingTimeInterval(index % 5 == 0 ? -60 : 60))
        }
        let expectedIDs = Set(inserted.enumerated().filter { $0.offset % 5 != 0 }.map(\.element.id))

        let all = try await cases.store.openCases(from: from, to: to, teams: teams, asOf: asOf, after: nil, limit: 1000).cases
        #expect(Set(all.map(\.id)) == expectedIDs && all.count == expectedIDs.count)
        let keys = all.map { ($0.createdAt, $0.id) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
        #expect(all.filter { $0.kind == .bankMatch }.allSatisfy { $0.origin == .bankMatch })

        for (scope, expected) in [(Array(teams.prefix(2)), all.filter { $0.team != teams[2] }), (nil, all)] as [([String]?, [OpenCase])] {
            var seen: [OpenCase] = []
            var cursor: OpenCaseCursor?
            var pages = 0
            repeat {
                let page = try await cases.store.openCases(from: from, to: to, teams: scope, asOf: asOf, after: cursor, limit: 6)
                #expect(page.cases.count <= 6)
                seen += page.cases
                cursor = page.next
                pages += 1
                if let next = cursor { #expect(try OpenCaseCursor(token: next.token) == next) }
            } while cursor != nil && pages < 50
            #expect(seen.map(\.id) == expected.map(\.id))
            #expect(Set(seen.map(\.id)).count == expected.count)
            #expect(pages == (expected.count + 5) / 6)
        }

        var walked: [Int64] = []
        for try await item in cases.store.openCases(from: from, to: to, teams: teams, asOf: asOf, pageSize: 4) { walked.append(item.id) }
        #expect(walked == all.map(\.id))
        // A cursor from a page reads from there on; one past the last case reads nothing.
        let tail = try await cases.store.openCases(from: from, to: to, teams: teams, asOf: asOf, after: OpenCaseCursor(after: all[30]), limit: 50)
        #expect(tail.cases.map(\.id) == all.suffix(all.count - 31).map(\.id) && tail.next == nil)
        let past = try await cases.store.openCases(
            from: from, to: to, teams: teams, asOf: asOf, after: OpenCaseCursor(after: try #require(all.last)), limit: 50)
        #expect(past.cases.isEmpty && past.next == nil)
    }
}

@Suite("Open-case cursor")
struct OpenCaseCursorTests {
    @Test("the token round-trips, extremes included")
    func roundTrip() throws {
        for cursor in [
            OpenCaseCursor(millis: 1_800_000_000_123, id: 42), OpenCaseCursor(millis: -5, id: 1),
            OpenCaseCursor(millis: Int64.min, id: Int64.max), OpenCaseCursor(millis: Int64.max, id: Int64.max),
        ] {
            #expect(try OpenCaseCursor(token: cursor.token) == cursor)
            #expect(OpenCaseCursor(cursor.description) == cursor)
        }
    }

    @Test("a malformed cursor is refused with an error that says what is wrong and where", arguments: [
        ("", "is empty"),
        ("12", "must be CREATEDMILLIS.ID (two parts)"),
        ("1.2.3", "found 3 part(s)"),
        ("x.5", "part 1 (created time)"),
        ("1.y", "part 2 (case id)"),
        ("1.0", "must be at least 1"),
        ("99999999999999999999.1", "not a 64-bit integer"),
        (String(repeating: "1", count: 30) + "." + String(repeating: "2", count: 30), "at most 41 allowed"),
    ])
    func malformed(token: String, expected: String) {
        do {
            _ = try OpenCaseCursor(token: token)
            Issue.record("'\(token)' was accepted")
        } catch {
            guard case .invalidInput(let what, _, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(what == "open-case cursor")
            #expect(error.description.contains(expected), "\(error.description)")
        }
        #expect(OpenCaseCursor(token) == nil)
    }
}

@Suite("SQLite open-case plans")
struct SQLiteOpenCasePlanTests {
    @Test("the open part of a page is a range seek on the open-cases-by-creation index, never a scan plus sort; the closed-since part uses the closed-cases index")
    func plans() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-cases-open-plan-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteCaseStore(dataDirectory: directory)
        for (oneTeam, suffix) in [(true, "team"), (false, "all")] {
            let open = try await store.openCasesPlan(oneTeam: oneTeam, closedSince: false).joined(separator: " | ")
            #expect(open.contains("USING INDEX cases_open_created_\(suffix)"), "\(open)")
            #expect(!open.contains("TEMP B-TREE"), "\(open)")
            let closedSince = try await store.openCasesPlan(oneTeam: oneTeam, closedSince: true).joined(separator: " | ")
            #expect(closedSince.contains("USING INDEX cases_closed_\(suffix)"), "\(closedSince)")
        }
        try await store.close()
    }
}

import BulwarkCore
import Cases
import Foundation
import Testing

/// The same bodies run on SQLite and PostgreSQL.
@Suite("Case store and service")
struct CaseStoreTests {
    private static let admin = Reviewer.admin("admin-key")

    private func report(_ cases: TestCases, team: String, url: String? = nil, hash: ContentHash? = nil, kind: CaseKind = .externalReport,
                        reporter: String = "partner-1") throws -> CaseDraft {
        try CaseDraft.externalReport(reporter: reporter, url: url, contentHash: hash?.text, kind: kind, team: team,
                                     reasons: [testReason("report.\(reporter)")], receivedAt: cases.clock.now)
    }

    @Test("repeat reports join the open case by content hash or normalized URL", arguments: CaseBackend.allCases)
    func grouping(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let service = cases.service()
        let team = cases.team("triage")
        let hash = try cases.hash(1)

        let first = try await service.intake(try report(cases, team: team, hash: hash, reporter: "partner-1"), actor: "partner-1")
        #expect(!first.joined)
        let second = try await service.intake(try report(cases, team: team, hash: hash, reporter: "partner-2"), actor: "partner-2")
        #expect(second.joined)
        #expect(second.reviewCase.id == first.reviewCase.id)
        #expect(second.reviewCase.reportCount == 2)

        let byURL = try await service.intake(try report(cases, team: team, url: "https://Host-\(cases.prefix).example/item/"), actor: "p")
        let sameURL = try await service.intake(try report(cases, team: team, url: "https://host-\(cases.prefix).example:443/item#x"), actor: "p")
        #expect(!byURL.joined && sameURL.joined)
        #expect(sameURL.reviewCase.id == byURL.reviewCase.id)
        let other = try await service.intake(try report(cases, team: team, hash: try cases.hash(2)), actor: "p")
        #expect(!other.joined && other.reviewCase.id != first.reviewCase.id)

        let detail = try await service.openCase(first.reviewCase.id, by: Self.admin)
        #expect(detail.sources.map(\.reporter) == ["partner-1", "partner-2"])
        #expect(detail.reviewCase.reasons.map(\.code) == ["report.partner-1", "report.partner-2"])
        #expect(detail.events.map(\.action) == ["joined"])
        #expect(await cases.audit.actions(subject: "case:\(first.reviewCase.id)") == ["case.create", "case.join", "case.view"])

        // A closed case is not joined: the next report opens a new case.
        _ = try await service.close(first.reviewCase.id, outcome: .duplicate, by: Self.admin)
        let after = try await service.intake(try report(cases, team: team, hash: hash), actor: "p")
        #expect(!after.joined && after.reviewCase.id != first.reviewCase.id)
    }

    @Test("concurrent repeat reports of one item open exactly one case", arguments: CaseBackend.allCases)
    func concurrentGrouping(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let service = cases.service()
        let team = cases.team("burst")
        let hash = try cases.hash(5)
        let drafts = try (0..<8).map { try report(cases, team: team, hash: hash, reporter: "partner-\($0)") }
        let results = try await withThrowingTaskGroup(of: IntakeResult.self) { group in
            for draft in drafts { group.addTask { try await service.intake(draft, actor: draft.source.reporter ?? "p") } }
            var all: [IntakeResult] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.filter { !$0.joined }.count == 1)
        #expect(Set(results.map(\.reviewCase.id)).count == 1)
        let detail = try await service.openCase(try #require(results.first).reviewCase.id, by: Self.admin)
        #expect(detail.reviewCase.reportCount == 8)
        #expect(detail.sources.count == 8)
    }

    @Test("assessments combine, invalid ones are refused, second opinion needs two reviewers", arguments: CaseBackend.allCases)
    func assessmentAndSecondOpinion(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let service = cases.service()
        let team = cases.team("hotline")
        let r1 = Reviewer(id: "r1-\(cases.prefix)"), r2 = Reviewer(id: "r2-\(cases.prefix)")
        for reviewer in [r1, r2] { try await service.addMember(reviewer.id, to: team, by: Self.admin) }
        let opened = try await service.intake(try report(cases, team: team, hash: try cases.hash(10)), actor: "p").reviewCase

        await #expect(throws: AssessmentInvalid.self) {
            try await service.assess(opened.id, Assessment(category: "A", ageBand: "3-6", discountReasons: ["adult"]), by: r1)
        }
        #expect(try await service.openCase(opened.id, by: r1).assessments.isEmpty)

        let first = try await service.assess(opened.id, Assessment(category: "A", ageBand: "7-10"), by: r1)
        #expect(first.reviewCase.secondOpinion == .awaiting)
        #expect(first.secondOpinionRules == ["category A"])
        #expect(first.reviewCase.category == "A" && first.reviewCase.ageBand == "7-10")
        await #expect(throws: CaseDecisionRefused.self) { try await service.close(opened.id, outcome: .confirmed, by: r1) }

        // The same reviewer again is not a second opinion.
        let again = try await service.assess(opened.id, Assessment(category: "A", ageBand: "3-6"), by: r1)
        #expect(again.reviewCase.secondOpinion == .awaiting)

        let disagree = try await service.assess(opened.id, Assessment(category: "B", ageBand: "3-6"), by: r2)
        #expect(disagree.reviewCase.secondOpinion == .disagreed)
        #expect(disagree.reviewCase.status == .open)
        // Combined over the reviewers' latest: most severe category, youngest band.
        #expect(disagree.reviewCase.category == "A" && disagree.reviewCase.ageBand == "3-6")
        do {
            _ = try await service.close(opened.id, outcome: .confirmed, by: r2)
            Issue.record("closing a disagreed case must fail")
        } catch let refused as CaseDecisionRefused {
            #expect(refused.reason.contains("disagree"))
        }

        let agree = try await service.assess(opened.id, Assessment(category: "A", ageBand: "3-6", sex: "male"), by: r2)
        #expect(agree.reviewCase.secondOpinion == .agreed)
        let closed = try await service.close(opened.id, outcome: .confirmed, note: "agreed", by: r2)
        #expect(closed.status == .closed && closed.outcome == .confirmed && closed.closedBy == r2.id)
        await #expect(throws: CaseDecisionRefused.self) { try await service.assess(opened.id, Assessment(category: "C", ageBand: "16-17"), by: r1) }

        let detail = try await service.openCase(opened.id, by: r1)
        #expect(detail.assessments.map(\.reviewer) == [r1.id, r1.id, r2.id, r2.id])
        #expect(detail.events.last?.action == "closed")
        #expect(detail.events.last?.details["outcome"] == "confirmed")
        let events = await cases.audit.events.filter { $0.subject == opened.auditSubject && $0.action == "case.assess" }
        #expect(events.count == 4)
        #expect(events.last?.details["category"] == "A")
        #expect(events.last?.details["secondOpinion"] == "agreed")
        #expect(events.last?.actor == r2.id)

        // A case without second-opinion rules closes on one assessment; confirming needs one.
        let simple = try await service.intake(try report(cases, team: team, hash: try cases.hash(11)), actor: "p").reviewCase
        await #expect(throws: CaseDecisionRefused.self) { try await service.close(simple.id, outcome: .confirmed, by: r1) }
        #expect(try await service.assess(simple.id, Assessment(category: "C", ageBand: "14-15"), by: r1).reviewCase.secondOpinion == .notRequired)
        #expect(try await service.close(simple.id, outcome: .confirmed, by: r1).outcome == .confirmed)
    }

    @Test("queue order: known real victims, real child, youngest band, most severe category, then deadline", arguments: CaseBackend.allCases)
    func priorityOrder(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let service = cases.service()
        let team = cases.team("queue")
        let clock = cases.clock
        let bank = Bank(id: 1, name: "victims", enabled: true, holdsKnownRealVictims: true, description: "", createdAt: clock.now, updatedAt: clock.now)
        let plainBank = Bank(id: 2, name: "other", enabled: true, holdsKnownRealVictims: false, description: "", createdAt: clock.now, updatedAt: clock.now)

        let synthetic = try await service.intake(.finding(.provenance, reference: "c2pa.digitalSourceType", contentHash: try cases.hash(20),
                                                          reasons: [testReason("provenance.ai")], team: team, mayShowRealChild: false,
                                                          receivedAt: clock.now), actor: "system").reviewCase
        let olderBand = try await service.intake(try report(cases, team: team, hash: try cases.hash(21)), actor: "p").reviewCase
        let youngerBand = try await service.intake(try report(cases, team: team, hash: try cases.hash(22)), actor: "p").reviewCase
        let unassessedLate = try await service.intake(try report(cases, team: team, hash: try cases.hash(23)), actor: "p").reviewCase
        clock.advance(hours: -1)
        let unassessedEarly = try await service.intake(try report(cases, team: team, hash: try cases.hash(24)), actor: "p").reviewCase
        clock.advance(hours: 1)
        let plainMatch = try await service.intake(.bankMatch(bank: plainBank, entryID: 5, contentHash: try cases.hash(25), reasons: [],
                                                              team: team, receivedAt: clock.now), actor: "system").reviewCase
        let victims = try await service.intake(.bankMatch(bank: bank, entryID: 9, contentHash: try cases.hash(26), reasons: [],
                                                           team: team, receivedAt: clock.now), actor: "system").reviewCase
        _ = try await service.assess(olderBand.id, Assessment(category: "A", ageBand: "14-15"), by: Self.admin)
        _ = try await service.assess(youngerBand.id, Assessment(category: "C", ageBand: "3-6"), by: Self.admin)

        let page = try await service.queue(for: Self.admin, team: team, limit: 50)
        // Unassessed cases of a tier come after assessed ones; among them the earlier deadline
        // first (the plain match's 24 h clock beats the reports' 72 h).
        #expect(page.cases.map(\.id) == [victims.id, youngerBand.id, olderBand.id, plainMatch.id, unassessedEarly.id, unassessedLate.id, synthetic.id])
        #expect(page.next == nil)
    }

    @Test("deadlines per kind; overdue and alert views", arguments: CaseBackend.allCases)
    func deadlines(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let service = cases.service()
        let team = cases.team("legal")
        let order = try await service.intake(try report(cases, team: team, url: "https://o-\(cases.prefix).example/1", kind: .removalOrder), actor: "authority").reviewCase
        let intimate = try await service.intake(try report(cases, team: team, url: "https://o-\(cases.prefix).example/2", kind: .intimateImageRequest), actor: "p").reviewCase
        #expect(order.dueAt.timeIntervalSince(order.createdAt) == 24 * 3600)
        #expect(intimate.dueAt.timeIntervalSince(intimate.createdAt) == 48 * 3600)
        let reviewer = Reviewer(id: "legal-\(cases.prefix)")
        try await service.addMember(reviewer.id, to: team, by: Self.admin)

        #expect(try await service.overdue(for: reviewer).isEmpty)
        #expect(try await service.alerts(for: reviewer, within: 25 * 3600).map(\.id) == [order.id])
        cases.clock.advance(hours: 25)
        #expect(try await service.overdue(for: reviewer).map(\.id) == [order.id])
        #expect(try await service.alerts(for: reviewer, within: 24 * 3600).map(\.id) == [intimate.id])
        #expect(try await service.alerts(for: reviewer, within: 3600).isEmpty)
        _ = try await service.close(order.id, outcome: .notActionable, by: reviewer)
        #expect(try await service.overdue(for: reviewer).isEmpty)
    }

    @Test("a reviewer outside the case's team is refused (403); admins see all", arguments: CaseBackend.allCases)
    func teamAccess(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let service = cases.service()
        let red = cases.team("red"), blue = cases.team("blue")
        let alice = Reviewer(id: "alice-\(cases.prefix)"), bob = Reviewer(id: "bob-\(cases.prefix)")
        try await service.addMember(alice.id, to: red, by: Self.admin)
        try await service.addMember(bob.id, to: blue, by: Self.admin)
        await #expect(throws: CaseAccessDenied.self) { try await service.addMember(alice.id, to: blue, by: alice) }
        let redCase = try await service.intake(try report(cases, team: red, hash: try cases.hash(30)), actor: "p").reviewCase
        let blueCase = try await service.intake(try report(cases, team: blue, hash: try cases.hash(31)), actor: "p").reviewCase

        #expect(try await service.openCase(redCase.id, by: alice).reviewCase.id == redCase.id)
        for attempt in [
            { _ = try await service.openCase(blueCase.id, by: alice) },
            { _ = try await service.reveal(blueCase.id, by: alice) },
            { _ = try await service.assess(blueCase.id, Assessment(category: "C", ageBand: "16-17"), by: alice) },
            { _ = try await service.close(blueCase.id, outcome: .duplicate, by: alice) },
            { _ = try await service.reassign(blueCase.id, to: red, by: alice) },
            { _ = try await service.queue(for: alice, team: blue) },
        ] as [@Sendable () async throws -> Void] {
            await #expect(throws: CaseAccessDenied.self) { try await attempt() }
        }
        #expect(await cases.audit.actions(subject: blueCase.auditSubject).filter { $0 == "case.access-denied" }.count == 5)
        #expect(try await service.queue(for: alice).cases.map(\.id) == [redCase.id])
        #expect(try await service.openCounts(for: alice) == [red: 1])
        // Admins reach every team (the PostgreSQL database is shared with other tests, so look per team).
        #expect(try await service.queue(for: Self.admin, team: blue).cases.map(\.id) == [blueCase.id])
        let adminCounts = try await service.openCounts(for: Self.admin)
        #expect(adminCounts[red] == 1 && adminCounts[blue] == 1)
        #expect(try await service.openCase(blueCase.id, by: Self.admin).reviewCase.team == blue)

        // Reassigning moves the case into the other team's queue.
        let moved = try await service.reassign(redCase.id, to: blue, by: alice)
        #expect(moved.team == blue)
        await #expect(throws: CaseAccessDenied.self) { try await service.openCase(redCase.id, by: alice) }
        #expect(try await service.queue(for: bob).cases.map(\.id).sorted() == [redCase.id, blueCase.id].sorted())
        #expect(try await cases.store.members(ofTeam: blue) == [bob.id])
        try await service.removeMember(bob.id, from: blue, by: Self.admin)
        #expect(try await cases.store.teams(ofReviewer: bob.id).isEmpty)
    }

    @Test("exposure counts only explicit reveals; break advice follows the policy", arguments: CaseBackend.allCases)
    func exposure(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let service = cases.service(breaks: BreakPolicy(maximumRevealsPerSession: 3, maximumSessionMinutes: 60, breakMinutes: 15))
        let team = cases.team("wellness")
        let reviewer = Reviewer(id: "carol-\(cases.prefix)")
        try await service.addMember(reviewer.id, to: team, by: Self.admin)
        let item = try await service.intake(try report(cases, team: team, hash: try cases.hash(40)), actor: "p").reviewCase

        _ = try await service.openCase(item.id, by: reviewer)
        #expect(try await service.exposure(of: reviewer.id, on: cases.clock.now, by: reviewer) == 0)
        var advice = try await service.reveal(item.id, by: reviewer)
        #expect(!advice.takeBreak && advice.revealsThisSession == 1)
        cases.clock.advance(minutes: 2)
        _ = try await service.reveal(item.id, by: reviewer)
        cases.clock.advance(minutes: 2)
        advice = try await service.reveal(item.id, by: reviewer)
        #expect(advice.takeBreak && advice.revealsThisSession == 3)
        #expect(try await service.exposure(of: reviewer.id, on: cases.clock.now, by: reviewer) == 3)
        #expect(try await service.exposure(of: reviewer.id, on: cases.clock.now, by: Self.admin) == 3)
        #expect(try await service.exposure(of: reviewer.id, on: cases.clock.now.addingTimeInterval(-86_400), by: reviewer) == 0)
        await #expect(throws: CaseAccessDenied.self) { try await service.exposure(of: "someone-else", on: cases.clock.now, by: reviewer) }
        cases.clock.advance(minutes: 20)
        #expect(try await service.breakAdvice(for: reviewer).takeBreak == false)
        #expect(await cases.audit.actions(subject: item.auditSubject).filter { $0 == "case.reveal" }.count == 3)
    }

    @Test("keyset paging walks every open case once, in queue order", arguments: CaseBackend.allCases)
    func keysetPaging(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let service = cases.service()
        let teams = [cases.team("p1"), cases.team("p2")]
        let base = cases.clock.now
        var batch: [NewCase] = []
        for index in 0..<230 {
            // Few distinct ranks and deadlines, so ties are broken by id.
            batch.append(NewCase(
                team: teams[index % 2], kind: .bankMatch, priorityRank: Int64(index % 4) * 1000,
                dueAt: base.addingTimeInterval(Double(index % 3) * 3600), createdAt: base,
                contentHash: nil, url: nil, knownRealVictims: false, mayShowRealChild: true))
        }
        try await cases.store.insertOpenCases(batch)
        let reviewer = Reviewer(id: "pager-\(cases.prefix)")
        for team in teams { try await service.addMember(reviewer.id, to: team, by: Self.admin) }

        var seen: [ReviewCase] = []
        var cursor: QueueCursor?
        var pages = 0
        repeat {
            let page = try await service.queue(for: reviewer, after: cursor, limit: 40)
            seen += page.cases
            cursor = page.next
            pages += 1
            if let next = cursor { #expect(QueueCursor(token: next.token) == next) }
        } while cursor != nil && pages < 20
        #expect(pages == 6)
        #expect(seen.count == 230)
        #expect(Set(seen.map(\.id)).count == 230)
        let keys = seen.map { ($0.priorityRank, $0.dueAt, $0.id) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
        #expect(try await service.openCounts(for: reviewer) == [teams[0]: 115, teams[1]: 115])
        let onlyFirst = try await service.queue(for: reviewer, team: teams[0], limit: 500)
        #expect(onlyFirst.cases.count == 115 && onlyFirst.cases.allSatisfy { $0.team == teams[0] })
    }
}

@Suite("SQLite queue plan")
struct SQLiteQueuePlanTests {
    @Test("the queue page is an index seek on the open-cases index, never a scan plus sort")
    func queueUsesIndex() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-cases-plan-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteCaseStore(dataDirectory: directory)
        for (oneTeam, index) in [(true, "cases_queue_team"), (false, "cases_queue_all")] {
            for seeking in [false, true] {
                let plan = try await store.queuePlan(oneTeam: oneTeam, seeking: seeking).joined(separator: " | ")
                #expect(plan.contains("USING INDEX \(index)"), "\(plan)")
                #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
            }
        }
        try await store.close()
    }
}

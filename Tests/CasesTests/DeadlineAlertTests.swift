import BulwarkCore
import Cases
import BulwarkTestSupport
import Foundation
import Testing

/// Deadline alerts that fire once; the same bodies run on SQLite and PostgreSQL. Every claim
/// names the test's own teams, since the PostgreSQL database is shared with other tests.
@Suite("Deadline alert claims")
struct DeadlineAlertTests {
    private static let admin = Reviewer.admin("admin-key")

    /// What identifies an alert: the case and the threshold.
    private struct Key: Hashable { let caseID: Int64, threshold: DeadlineThreshold }

    private func keys(_ alerts: [DeadlineAlert]) -> [Key] { alerts.map { Key(caseID: $0.caseID, threshold: $0.threshold) } }

    private func order(_ cases: TestCases, _ service: CaseService, team: String, item: Int, kind: CaseKind = .removalOrder) async throws -> ReviewCase {
        try await service.intake(try CaseDraft.externalReport(
            reporter: "authority", url: "https://host-\(cases.prefix).example/\(item)", contentHash: nil, kind: kind, team: team,
            receivedAt: cases.clock.now), actor: "authority").reviewCase
    }

    @Test("due soon and overdue each fire once; a second claim returns nothing; a released claim comes back", arguments: CaseBackend.allCases)
    func firesOnce(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let service = cases.service()
        let team = cases.team("legal")
        let removal = try await order(cases, service, team: team, item: 1)
        let intimate = try await order(cases, service, team: team, item: 2, kind: .intimateImageRequest)
        _ = try await order(cases, service, team: team, item: 3, kind: .externalReport)
        let window: TimeInterval = 25 * 3600

        let soon = try await service.claimDeadlineAlerts(dueSoonWithin: window, claimant: "node-a", teams: [team])
        #expect(keys(soon) == [Key(caseID: removal.id, threshold: .dueSoon)])
        let alert = try #require(soon.first)
        #expect(alert.team == team && alert.kind == .removalOrder && alert.category == nil)
        #expect(alert.dueAt == removal.dueAt && alert.priorityRank == removal.priorityRank)
        #expect(!alert.knownRealVictims && alert.mayShowRealChild)
        #expect(alert.claimedBy == "node-a" && alert.claimedAt == cases.clock.now)
        #expect(try await service.claimDeadlineAlerts(dueSoonWithin: window, claimant: "node-a", teams: [team]).isEmpty)
        #expect(try await service.claimDeadlineAlerts(dueSoonWithin: window, claimant: "node-b", teams: [team]).isEmpty)

        // A day later the removal order is overdue and the intimate-image request due soon;
        // overdue alerts come first.
        cases.clock.advance(hours: 25)
        let later = try await service.claimDeadlineAlerts(dueSoonWithin: window, claimant: "node-a", teams: [team])
        #expect(keys(later) == [Key(caseID: removal.id, threshold: .overdue), Key(caseID: intimate.id, threshold: .dueSoon)])
        #expect(try await service.claimDeadlineAlerts(dueSoonWithin: window, claimant: "node-b", teams: [team]).isEmpty)

        // Only the claimant releases its claim; a released claim is claimed again.
        #expect(try await !cases.store.releaseDeadlineAlert(caseID: intimate.id, threshold: .dueSoon, claimant: "node-b"))
        #expect(try await !cases.store.releaseDeadlineAlert(caseID: intimate.id, threshold: .overdue, claimant: "node-a"))
        #expect(try await service.releaseDeadlineAlert(later[1]))
        #expect(try await !service.releaseDeadlineAlert(later[1]))
        let again = try await service.claimDeadlineAlerts(dueSoonWithin: window, claimant: "node-b", teams: [team])
        #expect(keys(again) == [Key(caseID: intimate.id, threshold: .dueSoon)])
        #expect(again.first?.claimedBy == "node-b")
        #expect(try await service.claimDeadlineAlerts(dueSoonWithin: window, claimant: "node-a", teams: [team]).isEmpty)

        // Every claim and release is audited, with no content: ids, team, kind, deadline.
        #expect(await cases.audit.actions(subject: removal.auditSubject).filter { $0.hasPrefix("case.alert") }
            == ["case.alert-claim", "case.alert-claim"])
        #expect(await cases.audit.actions(subject: intimate.auditSubject).filter { $0.hasPrefix("case.alert") }
            == ["case.alert-claim", "case.alert-release", "case.alert-claim"])
        let claimEvent = try #require(await cases.audit.events.first { $0.action == "case.alert-claim" && $0.subject == removal.auditSubject })
        #expect(claimEvent.actor == "node-a")
        #expect(Set(claimEvent.details.keys) == ["threshold", "team", "kind", "dueAt"])
        #expect(claimEvent.details["threshold"] == "due-soon" && claimEvent.details["team"] == team)
    }

    @Test("closed cases are never alerted; a case closed or moved before sending is skipped; the new team is alerted", arguments: CaseBackend.allCases)
    func closedAndMoved(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let service = cases.service()
        let red = cases.team("red"), blue = cases.team("blue")
        let teams = [red, blue]
        let first = try await order(cases, service, team: red, item: 1)
        let second = try await order(cases, service, team: red, item: 2)
        let third = try await order(cases, service, team: red, item: 3)
        let closedEarly = try await order(cases, service, team: red, item: 4)
        _ = try await service.close(closedEarly.id, outcome: .duplicate, by: Self.admin)

        cases.clock.advance(hours: 30)
        let store = cases.store
        let sent = SentAlerts()
        let run = try await service.sendDeadlineAlerts(dueSoonWithin: 3600, claimant: "node-a", teams: teams) { alert in
            await sent.append(alert)
            if alert.caseID == first.id {
                // While the first alert goes out, the second case is closed and the third moved.
                _ = try await store.close(caseID: second.id, outcome: .notActionable, actor: "r", note: nil, requireAgreement: false, at: Date())
                _ = try await store.reassign(caseID: third.id, team: blue, actor: "r", at: Date())
            }
        }
        #expect(run.sent.map(\.caseID) == [first.id])
        #expect(run.skipped.map(\.caseID) == [second.id, third.id])
        #expect(run.released.isEmpty)
        #expect(await sent.alerts.map(\.caseID) == [first.id])
        #expect(await cases.audit.events.first { $0.action == "case.alert-skip" && $0.subject == second.auditSubject }?.details["reason"] == "case closed")
        #expect(await cases.audit.events.first { $0.action == "case.alert-skip" && $0.subject == third.auditSubject }?.details["reason"]
            == "case moved to another team")

        // The moved case owes its new team an alert; the closed ones never alert.
        let next = try await service.claimDeadlineAlerts(dueSoonWithin: 3600, claimant: "node-b", teams: teams)
        #expect(keys(next) == [Key(caseID: third.id, threshold: .overdue)])
        #expect(next.first?.team == blue)
        #expect(try await service.claimDeadlineAlerts(dueSoonWithin: 3600, claimant: "node-b", teams: teams).isEmpty)
        #expect(await cases.audit.actions(subject: closedEarly.auditSubject).allSatisfy { !$0.hasPrefix("case.alert") })
        // Moving a case within its own team keeps its claims.
        _ = try await service.reassign(third.id, to: blue, by: Self.admin)
        #expect(try await service.claimDeadlineAlerts(dueSoonWithin: 3600, claimant: "node-b", teams: teams).isEmpty)
    }

    @Test("an alert another instance took over mid-round (its lease ran out) is not sent twice", arguments: CaseBackend.allCases)
    func takenOverMidRound(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let service = cases.service()
        let team = cases.team("slow")
        let first = try await order(cases, service, team: team, item: 1)
        let second = try await order(cases, service, team: team, item: 2)
        let third = try await order(cases, service, team: team, item: 3)
        cases.clock.advance(hours: 23)
        let store = cases.store, clock = cases.clock
        let rival = RivalClaims()
        let run = try await service.sendDeadlineAlerts(dueSoonWithin: 2 * 3600, claimant: "slow-node", teams: [team], reclaimUnsentAfter: 600) { alert in
            // Each send takes 6 minutes, within the 10-minute lease, which restarts at each
            // send. After two sends the third alert, still waiting on its claim's lease, has run
            // out: another instance takes it over (and would send it).
            clock.advance(minutes: 6)
            if alert.caseID == second.id {
                await rival.record(try await store.claimDeadlineAlerts(
                    at: clock.now, dueSoonWithin: 2 * 3600, claimant: "fast-node", teams: [team], reclaimUnsentAfter: 600, limit: 10))
            }
        }
        #expect(keys(await rival.alerts) == [Key(caseID: third.id, threshold: .dueSoon)])
        #expect(run.sent.map(\.caseID) == [first.id, second.id])
        #expect(run.skipped.map(\.caseID) == [third.id])
        #expect(await cases.audit.events.last { $0.action == "case.alert-skip" }?.details["reason"] == "claim taken over by another instance")
    }

    @Test("an alert whose sending fails is released and sent by a later round", arguments: CaseBackend.allCases)
    func failedSendIsRetried(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let service = cases.service()
        let team = cases.team("retry")
        let failing = try await order(cases, service, team: team, item: 1)
        let working = try await order(cases, service, team: team, item: 2)
        cases.clock.advance(hours: 23)

        struct WebhookDown: Error {}
        let firstRound = try await service.sendDeadlineAlerts(dueSoonWithin: 2 * 3600, claimant: "node-a", teams: [team]) { alert in
            if alert.caseID == failing.id { throw WebhookDown() }
        }
        #expect(firstRound.sent.map(\.caseID) == [working.id])
        #expect(firstRound.released.map(\.caseID) == [failing.id])
        let secondRound = try await service.sendDeadlineAlerts(dueSoonWithin: 2 * 3600, claimant: "node-b", teams: [team]) { _ in }
        #expect(keys(secondRound.sent) == [Key(caseID: failing.id, threshold: .dueSoon)])
        #expect(try await service.sendDeadlineAlerts(dueSoonWithin: 2 * 3600, claimant: "node-b", teams: [team]) { _ in }.sent.isEmpty)
        // Sent alerts were confirmed: past the lease they are still not claimed again.
        cases.clock.advance(minutes: 30)
        #expect(try await service.sendDeadlineAlerts(dueSoonWithin: 2 * 3600, claimant: "node-c", teams: [team], reclaimUnsentAfter: 60) { _ in }
            .sent.isEmpty)
        #expect(await cases.audit.actions(subject: failing.auditSubject).filter { $0.hasPrefix("case.alert") }
            == ["case.alert-claim", "case.alert-release", "case.alert-claim", "case.alert-sent"])
        #expect(await cases.audit.events.last { $0.action == "case.alert-sent" }?.details["confirmed"] == "true")
    }

    @Test("concurrent claims never return the same (case, threshold) twice", arguments: CaseBackend.allCases)
    func concurrentClaims(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let teams = [cases.team("x"), cases.team("y")]
        let now = cases.clock.now
        // 60 open cases: half past due, half due within the hour, a few sharing a deadline.
        try await cases.store.insertOpenCases((0..<60).map { index in
            NewCase(team: teams[index % 2], kind: .bankMatch, priorityRank: 0,
                    dueAt: now.addingTimeInterval(Double(index % 2 == 0 ? -1 : 1) * Double(60 + index % 7)), createdAt: now.addingTimeInterval(-86_400),
                    contentHash: nil, url: nil, knownRealVictims: false, mayShowRealChild: true)
        })
        // On PostgreSQL a second store stands for a second server instance on the same database.
        var stores: [any CaseStore] = [cases.store]
        if backend == .postgres, let url = TestPostgres.url {
            stores.append(try await CaseStores.open(dataDirectory: nil, databaseURL: url))
        }
        let instances = stores
        let claimed = try await claimUntilEmpty(instances, at: now, teams: teams, claimant: "task", lease: nil)
        #expect(claimed.count == 60)
        #expect(Set(keys(claimed)).count == 60)
        #expect(claimed.filter { $0.threshold == .overdue }.count == 30)
        #expect(claimed.allSatisfy { $0.threshold == ($0.dueAt < now ? .overdue : .dueSoon) })
        #expect(try await cases.store.claimDeadlineAlerts(at: now, dueSoonWithin: 3600, claimant: "late", teams: teams, limit: 100).isEmpty)

        // Nobody confirmed: past the lease, concurrent claimers take the unsent claims over,
        // again each exactly once.
        let later = now.addingTimeInterval(20)
        let reclaimed = try await claimUntilEmpty(instances, at: later, teams: teams, claimant: "again", lease: 10)
        for extra in instances.dropFirst() { try await extra.close() }
        #expect(Set(keys(reclaimed)) == Set(keys(claimed)))
        #expect(reclaimed.count == 60)
        #expect(reclaimed.allSatisfy { $0.claimedBy.hasPrefix("again-") })
    }

    /// Eight concurrent tasks, spread over `stores`, each claiming 4 at a time until a claim
    /// comes back empty; everything they claimed.
    private func claimUntilEmpty(
        _ stores: [any CaseStore], at now: Date, teams: [String], claimant: String, lease: TimeInterval?
    ) async throws -> [DeadlineAlert] {
        try await withThrowingTaskGroup(of: [DeadlineAlert].self) { group in
            for task in 0..<8 {
                group.addTask {
                    let store = stores[task % stores.count]
                    var mine: [DeadlineAlert] = []
                    while true {
                        let batch = try await store.claimDeadlineAlerts(
                            at: now, dueSoonWithin: 3600, claimant: "\(claimant)-\(task)", teams: teams, reclaimUnsentAfter: lease, limit: 4)
                        if batch.isEmpty { return mine }
                        mine += batch
                    }
                }
            }
            var all: [DeadlineAlert] = []
            for try await batch in group { all += batch }
            return all
        }
    }

    @Test("with a lease, a claim never confirmed sent is claimed again; a confirmed or released one is not", arguments: CaseBackend.allCases)
    func lease(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let team = cases.team("lease")
        let store = cases.store
        let now = cases.clock.now
        let window: TimeInterval = 3 * 86_400
        try await store.insertOpenCases([-60, -30, 2 * 86_400].map { due in
            NewCase(team: team, kind: .text, priorityRank: 0, dueAt: now.addingTimeInterval(due), createdAt: now.addingTimeInterval(-86_400),
                    contentHash: nil, url: nil, knownRealVictims: false, mayShowRealChild: false)
        })
        func claim(after seconds: TimeInterval, by claimant: String, lease: TimeInterval?) async throws -> [DeadlineAlert] {
            try await store.claimDeadlineAlerts(
                at: now.addingTimeInterval(seconds), dueSoonWithin: window, claimant: claimant, teams: [team], reclaimUnsentAfter: lease, limit: 10)
        }
        let first = try await claim(after: 0, by: "dead-node", lease: 600)
        #expect(first.map(\.threshold) == [.overdue, .overdue, .dueSoon])
        let (a, b, c) = (first[0], first[1], first[2])
        #expect(try await store.confirmDeadlineAlertSent(caseID: a.caseID, threshold: .overdue, claimant: "dead-node", at: now))
        #expect(try await !store.confirmDeadlineAlertSent(caseID: a.caseID, threshold: .overdue, claimant: "dead-node", at: now))

        #expect(try await claim(after: 599, by: "live-node", lease: 600).isEmpty)
        #expect(try await claim(after: 700, by: "live-node", lease: nil).isEmpty)
        let takenOver = try await claim(after: 700, by: "live-node", lease: 600)
        #expect(keys(takenOver) == keys([b, c]))
        #expect(takenOver.allSatisfy { $0.claimedBy == "live-node" && $0.claimedAt == now.addingTimeInterval(700) })
        // The first claimant lost them: it can neither confirm nor release them any more.
        #expect(try await !store.confirmDeadlineAlertSent(caseID: b.caseID, threshold: .overdue, claimant: "dead-node", at: now))
        #expect(try await !store.releaseDeadlineAlert(caseID: c.caseID, threshold: .dueSoon, claimant: "dead-node"))
        #expect(try await store.confirmDeadlineAlertSent(caseID: b.caseID, threshold: .overdue, claimant: "live-node", at: now))
        #expect(try await !store.releaseDeadlineAlert(caseID: b.caseID, threshold: .overdue, claimant: "live-node"))
        #expect(try await store.releaseDeadlineAlert(caseID: c.caseID, threshold: .dueSoon, claimant: "live-node"))

        #expect(keys(try await claim(after: 701, by: "third", lease: 600)) == keys([c]))
        #expect(keys(try await claim(after: 2000, by: "fourth", lease: 600)) == keys([c]))
        // Renewing restarts the lease, for the holder only.
        #expect(try await store.renewDeadlineAlertClaim(caseID: c.caseID, threshold: .dueSoon, claimant: "fourth", at: now.addingTimeInterval(2500)))
        #expect(try await !store.renewDeadlineAlertClaim(caseID: c.caseID, threshold: .dueSoon, claimant: "third", at: now.addingTimeInterval(2500)))
        #expect(try await claim(after: 3000, by: "fifth", lease: 600).isEmpty)
        #expect(keys(try await claim(after: 3200, by: "sixth", lease: 600)) == keys([c]))
        #expect(try await claim(after: 5000, by: "seventh", lease: nil).isEmpty)
    }

    @Test("a claim with a bad window or claimant is refused; an empty team list claims nothing", arguments: CaseBackend.allCases)
    func badClaims(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        let team = cases.team("bad")
        let now = cases.clock.now
        for window in [-1, .nan, .infinity, 367 * 86_400] as [TimeInterval] {
            await #expect(throws: BulwarkError.self) {
                try await cases.store.claimDeadlineAlerts(at: now, dueSoonWithin: window, claimant: "node", teams: [team], limit: 10)
            }
            await #expect(throws: BulwarkError.self) {
                try await cases.store.claimDeadlineAlerts(
                    at: now, dueSoonWithin: 60, claimant: "node", teams: [team], reclaimUnsentAfter: window, limit: 10)
            }
        }
        for claimant in ["", String(repeating: "n", count: 201)] {
            await #expect(throws: BulwarkError.self) {
                try await cases.store.claimDeadlineAlerts(at: now, dueSoonWithin: 60, claimant: claimant, teams: [team], limit: 10)
            }
        }
        try await cases.store.insertOpenCases([NewCase(
            team: team, kind: .text, priorityRank: 0, dueAt: now.addingTimeInterval(-60), createdAt: now.addingTimeInterval(-3600),
            contentHash: nil, url: nil, knownRealVictims: false, mayShowRealChild: false)])
        #expect(try await cases.store.claimDeadlineAlerts(at: now, dueSoonWithin: 60, claimant: "node", teams: [], limit: 10).isEmpty)
        #expect(try await cases.store.claimDeadlineAlerts(at: now, dueSoonWithin: 0, claimant: "node", teams: [team], limit: 10).count == 1)
    }

    @Test("without a team list every team's cases are claimed", arguments: CaseBackend.allCases)
    func allTeams(backend: CaseBackend) async throws {
        guard let cases = try await backend.open() else { return }
        defer { Task { await cases.close() } }
        // Long before any other test's deadlines (the PostgreSQL database is shared), at a time
        // of this test's own.
        let now = Date(timeIntervalSince1970: 1_000_000_000 + Double((Int(cases.prefix, radix: 16) ?? 0) % 1_000_000) * 100)
        let teams = [cases.team("p"), cases.team("q")]
        try await cases.store.insertOpenCases(teams.map { team in
            NewCase(team: team, kind: .model, priorityRank: 0, dueAt: now.addingTimeInterval(-30), createdAt: now.addingTimeInterval(-3600),
                    contentHash: nil, url: nil, knownRealVictims: false, mayShowRealChild: false)
        })
        let claimed = try await cases.store.claimDeadlineAlerts(at: now, dueSoonWithin: 10, claimant: "node", teams: nil, limit: 10)
        #expect(claimed.map(\.team) == teams)
        #expect(claimed.allSatisfy { $0.threshold == .overdue && $0.kind == .model })
    }
}

@Suite("Deadline alert values")
struct DeadlineAlertValueTests {
    @Test("an alert is current only while its case is open and in the alert's team")
    func currency() {
        let due = Date(timeIntervalSince1970: 1_800_000_000)
        let alert = DeadlineAlert(caseID: 5, team: "red", kind: .removalOrder, category: "A", dueAt: due, threshold: .overdue,
                                  priorityRank: 1_000_000, knownRealVictims: false, mayShowRealChild: true, claimedAt: due, claimedBy: "node")
        let open = ReviewCase(
            id: 5, team: "red", kind: .removalOrder, status: .open, priorityRank: 1_000_000, dueAt: due, createdAt: due, updatedAt: due,
            contentHash: nil, url: nil, reportCount: 1, knownRealVictims: false, mayShowRealChild: true, reasons: [], category: "A",
            ageBand: nil, secondOpinion: .notRequired, outcome: nil, closedAt: nil, closedBy: nil)
        #expect(alert.isCurrent(for: open))
        var closed = open
        closed.status = .closed
        #expect(!alert.isCurrent(for: closed))
        var moved = open
        moved.team = "blue"
        #expect(!alert.isCurrent(for: moved))
        #expect(!alert.isCurrent(for: nil))
        #expect(alert.auditSubject == "case:5")
    }

    @Test("an alert's JSON holds ids, team, kind, category, deadline and priority only")
    func json() throws {
        let due = Date(timeIntervalSince1970: 1_800_000_000)
        let alert = DeadlineAlert(caseID: 5, team: "red", kind: .text, category: nil, dueAt: due, threshold: .dueSoon,
                                  priorityRank: 2_006_003, knownRealVictims: false, mayShowRealChild: false, claimedAt: due, claimedBy: "node")
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(alert)) as? [String: Any])
        #expect(Set(object.keys) == [
            "caseID", "team", "kind", "dueAt", "threshold", "priorityRank", "knownRealVictims", "mayShowRealChild", "claimedAt", "claimedBy",
        ])
        #expect(object["threshold"] as? String == "due-soon")
        #expect(try JSONDecoder().decode(DeadlineAlert.self, from: JSONEncoder().encode(alert)) == alert)
    }
}

/// Alerts a rival instance claimed during a test's round.
actor RivalClaims {
    private(set) var alerts: [DeadlineAlert] = []
    func record(_ claimed: [DeadlineAlert]) { alerts += claimed }
}

/// Alerts a test's send closure saw.
actor SentAlerts {
    private(set) var alerts: [DeadlineAlert] = []
    func append(_ alert: DeadlineAlert) { alerts.append(alert) }
}

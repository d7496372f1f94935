import BulwarkCore
import BulwarkTestSupport
import Cases
import Foundation
import Reporting
import Testing

/// Transparency figures from records one at a time and from case outcomes.
@Suite struct CaseTransparencyTests {
    let start = Date(timeIntervalSince1970: 1_750_000_000)
    var end: Date { start.addingTimeInterval(7 * 86_400) }

    /// Deterministic mixed records: some outside the period, some open, some actioned before
    /// they were opened, some taking longer than 2^32 ms (49.7 days).
    func generatedRecords(count: Int) -> [TransparencyRecord] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % bound
        }
        return (0..<count).map { _ in
            let opened = start.addingTimeInterval(Double(next(10 * 86_400_000)) / 1000 - 86_400)
            let actioned: Date? = switch next(20) {
            case 0, 1: nil
            case 2: opened.addingTimeInterval(-Double(next(5000)) / 1000)
            case 3: opened.addingTimeInterval(Double(50 * 86_400 + next(100 * 86_400)) + Double(next(1000)) / 1000)
            default: opened.addingTimeInterval(Double(next(3 * 86_400_000)) / 1000)
            }
            return TransparencyRecord(
                category: ["A", "B", "C", "not illegal"][Int(next(4))], source: ["bank match", "user report", "provenance"][Int(next(3))],
                openedAt: opened, actionedAt: actioned, outcome: actioned == nil ? "open" : ["confirmed", "not actionable"][Int(next(2))])
        }
    }

    /// Median and nearest-rank p90 worked out directly from every time, sorted as Doubles.
    func reference(_ records: [TransparencyRecord]) -> (total: Int, median: Double?, p90: Double?) {
        let inPeriod = records.filter { $0.openedAt >= start && $0.openedAt < end }
        let times = inPeriod.compactMap { record in
            record.actionedAt.map { max(0, ($0.timeIntervalSince(record.openedAt) * 1000).rounded()) / 1000 }
        }.sorted()
        guard !times.isEmpty else { return (inPeriod.count, nil, nil) }
        let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        let rank = Int((0.9 * Double(times.count)).rounded(.up))
        return (inPeriod.count, median, times[rank - 1])
    }

    @Test(arguments: [1, 2, 999, 4000])
    func figuresFromAStreamAndFromPagesEqualTheArrayVersion(count: Int) async throws {
        let records = generatedRecords(count: count)
        let array = TransparencyFigures(records: records, from: start, to: end)
        let expected = reference(records)
        #expect(array.total == expected.total)
        #expect(array.medianTimeToAction == expected.median)
        #expect(array.p90TimeToAction == expected.p90)

        let (stream, continuation) = AsyncStream<TransparencyRecord>.makeStream()
        for record in records { continuation.yield(record) }
        continuation.finish()
        #expect(try await TransparencyAccumulator.figures(of: stream, from: start, to: end) == array)

        let paged = try await TransparencyAccumulator.figures(from: start, to: end) { (cursor: Int?) in
            let offset = cursor ?? 0
            let page = Array(records[offset..<min(offset + 100, records.count)])
            return (page, offset + 100 < records.count ? offset + 100 : nil)
        }
        #expect(paged == array)
    }

    @Test func timesOverFortyNineDaysStayExactAndAddingContinuesAfterFigures() {
        var accumulator = TransparencyAccumulator(from: start, to: end)
        let day = 86_400.0
        for seconds in [100 * day, 1.5, 60 * day + 0.25] {
            accumulator.add(TransparencyRecord(category: "A", source: "bank match", openedAt: start, actionedAt: start.addingTimeInterval(seconds), outcome: "confirmed"))
        }
        var figures = accumulator.figures()
        #expect(figures.medianTimeToAction == 60 * day + 0.25)
        #expect(figures.p90TimeToAction == 100 * day)
        accumulator.add(TransparencyRecord(category: "B", source: "user report", openedAt: start, actionedAt: start.addingTimeInterval(2), outcome: "confirmed"))
        figures = accumulator.figures()
        #expect(accumulator.count == 4)
        #expect(figures.medianTimeToAction == (2 + 60 * day + 0.25) / 2)
        #expect(figures.byCategory.map(\.label) == ["A", "B"])
    }

    @Test func caseOutcomesReadAsPlainLabels() {
        let opened = start
        let closed = start.addingTimeInterval(5400)
        let closedCase = ClosedCase(
            id: 7, team: "hotline", kind: .bankMatch, origin: .bankMatch, category: "B", ageBand: "11-13", outcome: .confirmed, reportCount: 3,
            knownRealVictims: true, mayShowRealChild: true, createdAt: opened, closedAt: closed)
        #expect(TransparencyRecord(closedCase: closedCase) == TransparencyRecord(
            category: "B", source: "bank match", openedAt: opened, actionedAt: closed, outcome: "confirmed"))
        let discounted = ClosedCase(
            id: 8, team: "hotline", kind: .removalOrder, origin: .report, category: nil, ageBand: nil, outcome: .notActionable, reportCount: 1,
            knownRealVictims: false, mayShowRealChild: true, createdAt: opened, closedAt: closed)
        #expect(TransparencyRecord(closedCase: discounted) == TransparencyRecord(
            category: "not illegal", source: "removal order", openedAt: opened, actionedAt: closed, outcome: "not actionable"))
        #expect(CaseTransparencyLabels.category(nil, outcome: .duplicate) == "duplicate")
        #expect(CaseTransparencyLabels.source(.externalReport) == "user report")

        let open = CaseSamples.detail().reviewCase
        #expect(TransparencyRecord(reviewCase: open) == TransparencyRecord(
            category: "B", source: "user report", openedAt: open.createdAt, actionedAt: nil, outcome: "open"))
        let confirmed = CaseSamples.detail(status: .closed, outcome: .confirmed).reviewCase
        #expect(TransparencyRecord(reviewCase: confirmed).actionedAt == confirmed.closedAt)
    }

    /// A fresh case store of `backend`, or `nil` when PostgreSQL is not configured.
    func caseStore(_ backend: ReportingBackend) async throws -> (any CaseStore)? {
        guard let probe = try await backend.open() else { return nil }
        try await probe.close()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-case-figures-\(UUID().uuidString)").path
        let url: String? = backend == .postgres ? TestPostgres.url : nil
        return try await CaseStores.open(dataDirectory: directory, databaseURL: url)
    }

    @Test(arguments: ReportingBackend.allCases)
    func figuresFromOpenAndClosedCasesInTheStore(backend: ReportingBackend) async throws {
        guard let store = try await caseStore(backend) else { return }
        let audit = AuditCollector()
        let service = CaseService(store: store, audit: audit)
        let team = "figures-\(UUID().uuidString.prefix(8).lowercased())", other = team + "-other"
        let admin = Reviewer.admin("reviewer:ada")
        func open(_ index: Int, team: String = team) async throws -> ReviewCase {
            let draft = try CaseDraft.externalReport(
                reporter: "partner", url: "https://files.example.net/\(team)/\(index)", contentHash: nil, team: team, receivedAt: Date())
            return try await service.intake(draft, actor: "partner").reviewCase
        }
        let from = Date().addingTimeInterval(-3600)
        var closed: [ReviewCase] = []
        for index in 0..<5 {
            let reviewCase = try await open(index)
            _ = try await service.assess(reviewCase.id, Assessment(category: "C", ageBand: "14-15"), by: admin)
            closed.append(try await service.close(reviewCase.id, outcome: .confirmed, by: admin))
        }
        let discounted = try await open(5)
        _ = try await service.assess(discounted.id, Assessment(discountReasons: ["adult"]), by: admin)
        closed.append(try await service.close(discounted.id, outcome: .notActionable, by: admin))
        closed.append(try await service.close(try await open(6).id, outcome: .duplicate, by: admin))
        var stillOpen = [try await open(7)]  // opened, not actioned
        let assessedOpen = try await open(8)
        stillOpen.append(try await service.assess(assessedOpen.id, Assessment(category: "A", ageBand: "11-13"), by: admin).reviewCase)
        _ = try await open(9, team: other)  // another team's: not counted when filtering
        let to = Date().addingTimeInterval(3600)

        let figures = try await CaseTransparency.figures(cases: store, from: from, to: to, teams: [team], pageSize: 2)
        let records = closed.map(TransparencyRecord.init(reviewCase:)) + stillOpen.map(TransparencyRecord.init(reviewCase:))
        #expect(figures == TransparencyFigures(records: records, from: from, to: to))
        #expect(figures.total == 9)
        #expect(figures.actioned == 7)
        #expect(figures.byCategory.map { "\($0.label)=\($0.count)" } == ["C=5", "A=1", "duplicate=1", "not assessed=1", "not illegal=1"])
        #expect(figures.byOutcome.map { "\($0.label)=\($0.count)" } == ["confirmed=5", "open=2", "duplicate=1", "not actionable=1"])
        #expect(figures.bySource.map(\.label) == ["user report"])
        #expect(try await CaseTransparency.figures(cases: store, from: from, to: to, teams: [team, other]).total == 10)

        // A case closed at or after the figures' time counts as still open then, once; closed
        // before it, as actioned, once.
        let cut = Date().addingTimeInterval(60)
        _ = try await store.close(caseID: stillOpen[0].id, outcome: .duplicate, actor: "closer", note: nil, requireAgreement: false, at: cut)
        let before = try await CaseTransparency.figures(cases: store, from: from, to: to, teams: [team], now: cut, pageSize: 2)
        #expect(before.total == 9 && before.actioned == 7)
        let after = try await CaseTransparency.figures(
            cases: store, from: from, to: to, teams: [team], now: cut.addingTimeInterval(0.001), pageSize: 2)
        #expect(after.total == 9 && after.actioned == 8)

        // Cases opened before the period are left out even though they closed in it.
        let later = try await CaseTransparency.figures(cases: store, from: to, to: to.addingTimeInterval(3600), teams: [team])
        #expect(later.total == 0)
        try await store.close()
    }

    @Test func anOpenCaseReadsAsOpenedNotActioned() {
        let openCase = OpenCase(id: 3, team: "hotline", kind: .bankMatch, origin: .bankMatch, category: nil, createdAt: start)
        #expect(TransparencyRecord(openCase: openCase) == TransparencyRecord(
            category: "not assessed", source: "bank match", openedAt: start, actionedAt: nil, outcome: "open"))
        let assessed = OpenCase(id: 4, team: "hotline", kind: .externalReport, origin: .report, category: "B", createdAt: start)
        #expect(TransparencyRecord(openCase: assessed).category == "B")
    }
}

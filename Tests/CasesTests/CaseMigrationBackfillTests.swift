import BulwarkCore
import Cases
import Foundation
import Store
import Testing

/// Migrations 202 and 204 on databases written before them.
@Suite("Case migrations on existing data")
struct CaseMigrationBackfillTests {
    @Test("existing cases take the origin of their first source, or the one their kind implies")
    func backfill() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-cases-backfill-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try SharedDatabase.sqlitePath(dataDirectory: directory)
        // The schema as it was before 202, with closed cases written the way it wrote them.
        let before = try SharedDatabase.openPool(path: path, migrations: CaseMigrations.sqlite.filter { $0.version < 202 })
        let rows: [(kind: String, sources: [String])] = [
            ("bank-match", ["report", "bank-match"]),  // a partner reported it first, a bank match joined
            ("text", []), ("removal-order", []), ("model", ["model"]), ("my-national-order", []),
        ]
        try await before.write { db in
            for (index, row) in rows.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO cases (id, team, kind, status, priority_rank, due_at, created_at, updated_at, report_count,
                            known_real_victims, may_show_real_child, reasons, second_opinion, outcome, closed_at, closed_by)
                        VALUES (?, 'legacy', ?, 'closed', 0, 5000, 1000, 2000, 1, 0, 1, '[]', 'not-required', 'confirmed', ?, 'r')
                        """,
                    arguments: [index + 1, row.kind, 2000 + index])
                for origin in row.sources {
                    try db.execute(
                        sql: "INSERT INTO case_sources (case_id, origin, reference, received_at) VALUES (?, ?, 'ref', 1000)",
                        arguments: [index + 1, origin])
                }
            }
        }
        try before.close()

        let store = try SQLiteCaseStore(path: path)
        let listed = try await store.closedCases(
            from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 10), teams: ["legacy"], after: nil, limit: 10)
        #expect(listed.cases.map(\.id) == [1, 2, 3, 4, 5])
        #expect(listed.cases.map(\.origin) == [.report, .text, .report, .model, .report])
        #expect(listed.cases.map(\.kind.rawValue) == rows.map(\.kind))
        try await store.close()
    }

    @Test("alert claims made before confirmations existed (204) count as sent: no lease hands them out again")
    func claimsBeforeDelivery() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-cases-backfill-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try SharedDatabase.sqlitePath(dataDirectory: directory)
        let before = try SharedDatabase.openPool(path: path, migrations: CaseMigrations.sqlite.filter { $0.version < 204 })
        try await before.write { db in
            for (id, claimedAt) in [(1, 1000), (2, nil)] as [(Int, Int?)] {
                try db.execute(
                    sql: """
                        INSERT INTO cases (id, team, kind, status, priority_rank, due_at, created_at, updated_at, report_count,
                            known_real_victims, may_show_real_child, reasons, second_opinion, overdue_alert_at, overdue_alert_by)
                        VALUES (?, 'legacy', 'text', 'open', 0, 500, 100, 100, 1, 0, 0, '[]', 'not-required', ?, ?)
                        """,
                    arguments: [id, claimedAt, claimedAt.map { _ in "old-node" }])
            }
        }
        try before.close()

        let store = try SQLiteCaseStore(path: path)
        let claimed = try await store.claimDeadlineAlerts(
            at: Date(timeIntervalSince1970: 3600), dueSoonWithin: 0, claimant: "new-node", teams: ["legacy"], reclaimUnsentAfter: 0, limit: 10)
        #expect(claimed.map(\.caseID) == [2])
        #expect(try await !store.releaseDeadlineAlert(caseID: 1, threshold: .overdue, claimant: "old-node"))
        try await store.close()
    }

    @Test("the origin a kind implies: the pipeline kinds their own, every other kind a report")
    func impliedOrigin() throws {
        #expect(CaseSource.Origin.allCases.allSatisfy { CaseSource.Origin.implied(by: $0.kind) == $0 })
        #expect(CaseSource.Origin.implied(by: .removalOrder) == .report)
        #expect(CaseSource.Origin.implied(by: .intimateImageRequest) == .report)
        #expect(CaseSource.Origin.implied(by: try #require(CaseKind(rawValue: "my-national-order"))) == .report)
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GRDB

extension SQLiteCaseStore {
    public func openCases(from: Date, to: Date, teams: [String]?, asOf: Date, after: OpenCaseCursor?, limit: Int) async throws -> OpenCasePage {
        let query = OpenCaseQuery(from: from, to: to, asOf: asOf, after: after, limit: limit)
        let keyset = query.keyset
        if keyset.isEmpty { return OpenCasePage(cases: [], next: nil) }
        // One read transaction: both parts and every team see the same snapshot.
        return try await pool.read { db in
            let range: StatementArguments = [keyset.fromMillis, keyset.toMillis, keyset.afterMillis, keyset.afterID, keyset.fetchLimit]
            var rows: [OpenCase] = []
            // One index seek per team (or one for all teams) and part, merged: each reads at
            // most one page and one row.
            for team in teams.map({ Set($0).sorted() as [String?] }) ?? [nil] {
                let teamArgument: StatementArguments = team.map { [$0] } ?? []
                rows += try Self.openRows(db, sql: Self.openSQL(team: team != nil, closedSince: false), arguments: teamArgument + range)
                rows += try Self.openRows(
                    db, sql: Self.openSQL(team: team != nil, closedSince: true), arguments: [query.asOfMillis] + teamArgument + range)
            }
            return query.page(rows)
        }
    }

    /// One part of the open-case page query: cases (of one team) created in a range after a
    /// keyset position, in (created time, id) order, that are open, or (`closedSince`) were
    /// closed at or after a time.
    private static func openSQL(team: Bool, closedSince: Bool) -> String {
        """
        SELECT \(OpenCaseRowValues.columns) FROM cases
        WHERE \(closedSince ? "status = 'closed' AND closed_at >= ?" : "status = 'open'") \(team ? "AND team = ?" : "")
            AND created_at >= ? AND created_at < ? AND (created_at, id) > (?, ?)
        ORDER BY created_at, id LIMIT ?
        """
    }

    private static func openRows(_ db: Database, sql: String, arguments: StatementArguments) throws -> [OpenCase] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            try OpenCaseRowValues(id: row[0], team: row[1], kind: row[2], origin: row[3], category: row[4], createdAt: row[5]).openCase()
        }
    }

    /// SQLite's plan for one part of the open-case page query (one team or all; the cases
    /// still open, or those closed since a time), one line per step: a diagnostic showing the
    /// open part is a range seek on the open-cases-by-creation index, not a scan and sort,
    /// and the closed part a range on the closed-cases index.
    public func openCasesPlan(oneTeam: Bool, closedSince: Bool) async throws -> [String] {
        try await pool.read { db in
            let arguments: StatementArguments = (closedSince ? [0] : []) + (oneTeam ? ["team"] : []) + [0, 1, 0, 0, 51]
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Self.openSQL(team: oneTeam, closedSince: closedSince), arguments: arguments)
                .map { $0["detail"] as String }
        }
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GRDB

extension SQLiteCaseStore {
    public func closedCases(from: Date, to: Date, teams: [String]?, after: ClosedCaseCursor?, limit: Int) async throws -> ClosedCasePage {
        let query = ClosedCaseQuery(from: from, to: to, after: after, limit: limit)
        let keyset = query.keyset
        if keyset.isEmpty { return ClosedCasePage(cases: [], next: nil) }
        return try await pool.read { db in
            let range: StatementArguments = [keyset.fromMillis, keyset.toMillis, keyset.afterMillis, keyset.afterID, keyset.fetchLimit]
            guard let teams else {
                return query.page(try Self.closedRows(db, sql: Self.closedSQL(team: false), arguments: range))
            }
            // One index seek per team, merged: each reads at most one page and one row.
            var rows: [ClosedCase] = []
            for team in Set(teams).sorted() {
                rows += try Self.closedRows(db, sql: Self.closedSQL(team: true), arguments: [team] + range)
            }
            return query.page(rows)
        }
    }

    /// The closed-case page query: closed cases (of one team) closed in a range, after a
    /// keyset position, in (closed time, id) order.
    private static func closedSQL(team: Bool) -> String {
        """
        SELECT \(ClosedCaseRowValues.columns) FROM cases
        WHERE status = 'closed' \(team ? "AND team = ?" : "") AND closed_at >= ? AND closed_at < ? AND (closed_at, id) > (?, ?)
        ORDER BY closed_at, id LIMIT ?
        """
    }

    private static func closedRows(_ db: Database, sql: String, arguments: StatementArguments) throws -> [ClosedCase] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            try ClosedCaseRowValues(
                id: row[0], team: row[1], kind: row[2], origin: row[3], category: row[4], ageBand: row[5], outcome: row[6],
                reportCount: row[7], knownRealVictims: row[8], mayShowRealChild: row[9], createdAt: row[10], closedAt: row[11]
            ).closedCase()
        }
    }

    /// SQLite's plan for the closed-case page query (one team or all), one line per step: a
    /// diagnostic showing the page is a range seek on a closed-cases index, not a scan and sort.
    public func closedCasesPlan(oneTeam: Bool) async throws -> [String] {
        try await pool.read { db in
            let arguments: StatementArguments = (oneTeam ? ["team"] : []) + [0, 1, 0, 0, 51]
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Self.closedSQL(team: oneTeam), arguments: arguments)
                .map { $0["detail"] as String }
        }
    }
}

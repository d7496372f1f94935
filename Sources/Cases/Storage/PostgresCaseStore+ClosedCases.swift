#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresNIO

extension PostgresCaseStore {
    public func closedCases(from: Date, to: Date, teams: [String]?, after: ClosedCaseCursor?, limit: Int) async throws -> ClosedCasePage {
        let query = ClosedCaseQuery(from: from, to: to, after: after, limit: limit)
        let seek = query.keyset
        if seek.isEmpty { return ClosedCasePage(cases: [], next: nil) }
        let (lower, upper, fetch) = (seek.fromMillis, seek.toMillis, seek.fetchLimit)
        guard let teams else {
            return query.page(try await Self.closedRows(client.query(
                """
                SELECT \(unescaped: ClosedCaseRowValues.columns) FROM cases
                WHERE status = 'closed' AND closed_at >= \(lower) AND closed_at < \(upper) AND (closed_at, id) > (\(seek.afterMillis), \(seek.afterID))
                ORDER BY closed_at, id LIMIT \(fetch)
                """, logger: logger)))
        }
        // One index seek per team, merged: each reads at most one page and one row.
        var rows: [ClosedCase] = []
        for team in Set(teams).sorted() {
            rows += try await Self.closedRows(client.query(
                """
                SELECT \(unescaped: ClosedCaseRowValues.columns) FROM cases
                WHERE status = 'closed' AND team = \(team) AND closed_at >= \(lower) AND closed_at < \(upper)
                    AND (closed_at, id) > (\(seek.afterMillis), \(seek.afterID))
                ORDER BY closed_at, id LIMIT \(fetch)
                """, logger: logger))
        }
        return query.page(rows)
    }

    private static func closedRows(_ rows: PostgresRowSequence) async throws -> [ClosedCase] {
        var result: [ClosedCase] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            result.append(try ClosedCaseRowValues(
                id: try cells[0].decode(Int64.self), team: try cells[1].decode(String.self), kind: try cells[2].decode(String.self),
                origin: try cells[3].decode(String.self), category: try cells[4].decode(String?.self),
                ageBand: try cells[5].decode(String?.self), outcome: try cells[6].decode(String?.self),
                reportCount: try cells[7].decode(Int.self), knownRealVictims: try cells[8].decode(Bool.self),
                mayShowRealChild: try cells[9].decode(Bool.self), createdAt: try cells[10].decode(Int64.self),
                closedAt: try cells[11].decode(Int64?.self)
            ).closedCase())
        }
        return result
    }
}

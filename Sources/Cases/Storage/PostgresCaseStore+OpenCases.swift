#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresNIO

extension PostgresCaseStore {
    public func openCases(from: Date, to: Date, teams: [String]?, asOf: Date, after: OpenCaseCursor?, limit: Int) async throws -> OpenCasePage {
        let query = OpenCaseQuery(from: from, to: to, asOf: asOf, after: after, limit: limit)
        if query.keyset.isEmpty { return OpenCasePage(cases: [], next: nil) }
        // One index seek per team (or one for all teams) and part, merged: each reads at most
        // one page and one row. The page drops a case read by two of the queries.
        var rows: [OpenCase] = []
        for team in teams.map({ Set($0).sorted() as [String?] }) ?? [nil] {
            rows += try await Self.openRows(client.query(Self.openPart(query, team: team, closedSince: false), logger: logger))
            rows += try await Self.openRows(client.query(Self.openPart(query, team: team, closedSince: true), logger: logger))
        }
        return query.page(rows)
    }

    /// One part of the open-case page query: cases (of `team`, or all) created in the range
    /// after the keyset position, in (created time, id) order, that are open, or
    /// (`closedSince`) were closed at or after the query's time.
    private static func openPart(_ query: OpenCaseQuery, team: String?, closedSince: Bool) -> PostgresQuery {
        var binds = PostgresBindings()
        func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        var sql = "SELECT \(OpenCaseRowValues.columns) FROM cases WHERE "
        sql += closedSince ? "status = 'closed' AND closed_at >= \(bind(query.asOfMillis))" : "status = 'open'"
        if let team { sql += " AND team = \(bind(team))" }
        sql += " AND created_at >= \(bind(query.keyset.fromMillis)) AND created_at < \(bind(query.keyset.toMillis))"
        sql += " AND (created_at, id) > (\(bind(query.keyset.afterMillis)), \(bind(query.keyset.afterID)))"
        sql += " ORDER BY created_at, id LIMIT \(bind(Int64(query.keyset.fetchLimit)))"
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    private static func openRows(_ rows: PostgresRowSequence) async throws -> [OpenCase] {
        var result: [OpenCase] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            result.append(try OpenCaseRowValues(
                id: try cells[0].decode(Int64.self), team: try cells[1].decode(String.self), kind: try cells[2].decode(String.self),
                origin: try cells[3].decode(String.self), category: try cells[4].decode(String?.self),
                createdAt: try cells[5].decode(Int64.self)
            ).openCase())
        }
        return result
    }
}

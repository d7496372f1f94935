#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresNIO

extension PostgresCaseStore {
    public func claimDeadlineAlerts(
        at now: Date, dueSoonWithin window: TimeInterval, claimant: String, teams: [String]?, limit: Int
    ) async throws -> [DeadlineAlert] {
        let claim = try DeadlineAlertClaim(now: now, window: window, claimant: claimant, teams: teams, limit: limit)
        if claim.coversNothing { return [] }
        // For all teams the bound `allTeams` is true and the team list is not consulted.
        let teamFilter = claim.teams ?? []
        let allTeams = claim.teams == nil
        var claimed: [DeadlineAlert] = []
        for threshold in DeadlineAlertClaim.order where claimed.count < claim.limit {
            let prefix = threshold.columnPrefix
            let (lower, upper) = claim.dueRange(threshold)
            // One statement per threshold. The inner select locks the rows it picks and skips
            // rows another claimer holds; a row claimed and committed meanwhile fails the
            // re-checked `_at IS NULL` and is left out. So concurrent claimers, in any number of
            // server instances, never both mark (and return) the same (case, threshold).
            let rows = try await client.query(
                """
                UPDATE cases SET \(unescaped: prefix)_at = \(claim.claimedMillis), \(unescaped: prefix)_by = \(claim.claimant)
                WHERE status = 'open' AND \(unescaped: prefix)_at IS NULL AND id IN (
                    SELECT id FROM cases WHERE status = 'open' AND \(unescaped: prefix)_at IS NULL AND due_at >= \(lower) AND due_at < \(upper)
                        AND (\(allTeams) OR team = ANY(\(teamFilter)))
                    ORDER BY due_at, id LIMIT \(claim.limit - claimed.count) FOR UPDATE SKIP LOCKED)
                RETURNING \(unescaped: DeadlineAlertRowValues.columns)
                """, logger: logger)
            var batch: [DeadlineAlert] = []
            for try await row in rows {
                let cells = row.makeRandomAccess()
                batch.append(try DeadlineAlertRowValues(
                    id: try cells[0].decode(Int64.self), team: try cells[1].decode(String.self), kind: try cells[2].decode(String.self),
                    category: try cells[3].decode(String?.self), dueAt: try cells[4].decode(Int64.self),
                    priorityRank: try cells[5].decode(Int64.self), knownRealVictims: try cells[6].decode(Bool.self),
                    mayShowRealChild: try cells[7].decode(Bool.self)
                ).alert(threshold: threshold, claimedAt: claim.claimedAt, claimant: claim.claimant))
            }
            claimed += DeadlineAlertRowValues.sorted(batch)
        }
        return claimed
    }

    public func releaseDeadlineAlert(caseID: Int64, threshold: DeadlineThreshold, claimant: String) async throws -> Bool {
        let prefix = threshold.columnPrefix
        var released = false
        for try await _ in try await client.query(
            """
            UPDATE cases SET \(unescaped: prefix)_at = NULL, \(unescaped: prefix)_by = NULL
            WHERE id = \(caseID) AND \(unescaped: prefix)_by = \(claimant) RETURNING id
            """, logger: logger
        ).decode(Int64.self) {
            released = true
        }
        return released
    }
}

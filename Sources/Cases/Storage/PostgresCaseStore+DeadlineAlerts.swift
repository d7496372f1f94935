#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresNIO

extension PostgresCaseStore {
    public func claimDeadlineAlerts(
        at now: Date, dueSoonWithin window: TimeInterval, claimant: String, teams: [String]?, reclaimUnsentAfter lease: TimeInterval?,
        limit: Int
    ) async throws -> [DeadlineAlert] {
        let claim = try DeadlineAlertClaim(now: now, window: window, claimant: claimant, teams: teams, lease: lease, limit: limit)
        if claim.coversNothing { return [] }
        var claimed: [DeadlineAlert] = []
        for threshold in DeadlineAlertClaim.order where claimed.count < claim.limit {
            var batch: [DeadlineAlert] = []
            for pick in claim.picks where claimed.count + batch.count < claim.limit {
                let rows = try await client.query(
                    Self.claimQuery(threshold, pick, claim: claim, limit: claim.limit - claimed.count - batch.count), logger: logger)
                for try await row in rows {
                    let cells = row.makeRandomAccess()
                    batch.append(try DeadlineAlertRowValues(
                        id: try cells[0].decode(Int64.self), team: try cells[1].decode(String.self), kind: try cells[2].decode(String.self),
                        category: try cells[3].decode(String?.self), dueAt: try cells[4].decode(Int64.self),
                        priorityRank: try cells[5].decode(Int64.self), knownRealVictims: try cells[6].decode(Bool.self),
                        mayShowRealChild: try cells[7].decode(Bool.self)
                    ).alert(threshold: threshold, claimedAt: claim.claimedAt, claimant: claim.claimant))
                }
            }
            claimed += DeadlineAlertRowValues.sorted(batch)
        }
        return claimed
    }

    /// One statement claiming the rows `pick` selects at `threshold`. The inner select locks
    /// the rows it picks and skips rows another claimer holds; a row claimed and committed
    /// meanwhile fails the re-checked condition and is left out. So concurrent claimers, in
    /// any number of server instances, never both mark (and return) the same (case, threshold).
    private static func claimQuery(
        _ threshold: DeadlineThreshold, _ pick: DeadlineAlertClaim.Pick, claim: DeadlineAlertClaim, limit: Int
    ) -> PostgresQuery {
        let prefix = threshold.columnPrefix
        let (lower, upper) = claim.dueRange(threshold)
        // For all teams the bound `allTeams` is true and the team list is not consulted.
        let (allTeams, teamFilter) = (claim.teams == nil, claim.teams ?? [])
        switch pick {
        case .unclaimed:
            return """
                UPDATE cases SET \(unescaped: prefix)_at = \(claim.claimedMillis), \(unescaped: prefix)_by = \(claim.claimant),
                    \(unescaped: prefix)_sent_at = NULL
                WHERE status = 'open' AND \(unescaped: prefix)_at IS NULL AND id IN (
                    SELECT id FROM cases WHERE status = 'open' AND \(unescaped: prefix)_at IS NULL AND due_at >= \(lower) AND due_at < \(upper)
                        AND (\(allTeams) OR team = ANY(\(teamFilter)))
                    ORDER BY due_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING \(unescaped: DeadlineAlertRowValues.columns)
                """
        case .unsent(let claimedBefore):
            return """
                UPDATE cases SET \(unescaped: prefix)_at = \(claim.claimedMillis), \(unescaped: prefix)_by = \(claim.claimant),
                    \(unescaped: prefix)_sent_at = NULL
                WHERE status = 'open' AND \(unescaped: prefix)_sent_at IS NULL AND \(unescaped: prefix)_at < \(claimedBefore) AND id IN (
                    SELECT id FROM cases WHERE status = 'open' AND \(unescaped: prefix)_at IS NOT NULL AND \(unescaped: prefix)_sent_at IS NULL
                        AND \(unescaped: prefix)_at < \(claimedBefore) AND due_at >= \(lower) AND due_at < \(upper)
                        AND (\(allTeams) OR team = ANY(\(teamFilter)))
                    ORDER BY \(unescaped: prefix)_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING \(unescaped: DeadlineAlertRowValues.columns)
                """
        }
    }

    public func renewDeadlineAlertClaim(caseID: Int64, threshold: DeadlineThreshold, claimant: String, at: Date) async throws -> Bool {
        try await setOnUnsentClaim("\(threshold.columnPrefix)_at", to: CaseTime.clampedMillis(at), caseID: caseID, threshold: threshold, claimant: claimant)
    }

    public func confirmDeadlineAlertSent(caseID: Int64, threshold: DeadlineThreshold, claimant: String, at: Date) async throws -> Bool {
        try await setOnUnsentClaim(
            "\(threshold.columnPrefix)_sent_at", to: CaseTime.clampedMillis(at), caseID: caseID, threshold: threshold, claimant: claimant)
    }

    /// Sets `column` to `value` on the case if `claimant` holds an unconfirmed claim at `threshold`.
    private func setOnUnsentClaim(_ column: String, to value: Int64, caseID: Int64, threshold: DeadlineThreshold, claimant: String) async throws -> Bool {
        let prefix = threshold.columnPrefix
        return try await changedOne(
            """
            UPDATE cases SET \(unescaped: column) = \(value)
            WHERE id = \(caseID) AND \(unescaped: prefix)_by = \(claimant) AND \(unescaped: prefix)_sent_at IS NULL RETURNING id
            """)
    }

    public func releaseDeadlineAlert(caseID: Int64, threshold: DeadlineThreshold, claimant: String) async throws -> Bool {
        let prefix = threshold.columnPrefix
        return try await changedOne(
            """
            UPDATE cases SET \(unescaped: prefix)_at = NULL, \(unescaped: prefix)_by = NULL
            WHERE id = \(caseID) AND \(unescaped: prefix)_by = \(claimant) AND \(unescaped: prefix)_sent_at IS NULL RETURNING id
            """)
    }

    /// Runs an `UPDATE ... RETURNING id` of one case; whether it changed the row.
    private func changedOne(_ query: PostgresQuery) async throws -> Bool {
        var changed = false
        for try await _ in try await client.query(query, logger: logger).decode(Int64.self) { changed = true }
        return changed
    }
}

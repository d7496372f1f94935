#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GRDB

extension SQLiteCaseStore {
    public func claimDeadlineAlerts(
        at now: Date, dueSoonWithin window: TimeInterval, claimant: String, teams: [String]?, limit: Int
    ) async throws -> [DeadlineAlert] {
        let claim = try DeadlineAlertClaim(now: now, window: window, claimant: claimant, teams: teams, limit: limit)
        if claim.coversNothing { return [] }
        // One write transaction: SQLite runs one writer at a time, so no two callers (in this
        // process or another on the same file) see the same unclaimed row.
        return try await pool.write { db in
            var claimed: [DeadlineAlert] = []
            for threshold in DeadlineAlertClaim.order where claimed.count < claim.limit {
                let (lower, upper) = claim.dueRange(threshold)
                let rows = try Row.fetchAll(
                    db, sql: Self.claimSQL(threshold, teamCount: claim.teams?.count),
                    arguments: [claim.claimedMillis, claim.claimant, lower, upper] + StatementArguments(claim.teams ?? [])
                        + [claim.limit - claimed.count])
                claimed += DeadlineAlertRowValues.sorted(try rows.map { row in
                    try DeadlineAlertRowValues(
                        id: row[0], team: row[1], kind: row[2], category: row[3], dueAt: row[4], priorityRank: row[5],
                        knownRealVictims: row[6], mayShowRealChild: row[7]
                    ).alert(threshold: threshold, claimedAt: claim.claimedAt, claimant: claim.claimant)
                })
            }
            return claimed
        }
    }

    /// Marks the open cases due in a range and not yet claimed at `threshold` as claimed,
    /// earliest deadline first, returning them; the inner select reads the threshold's
    /// pending-claims index.
    private static func claimSQL(_ threshold: DeadlineThreshold, teamCount: Int?) -> String {
        let prefix = threshold.columnPrefix
        return """
            UPDATE cases SET \(prefix)_at = ?, \(prefix)_by = ? WHERE id IN (\(pendingSQL(threshold, teamCount: teamCount)))
            RETURNING \(DeadlineAlertRowValues.columns)
            """
    }

    /// The open cases due in `[?, ?)` (of `teamCount` teams `?`, when given) not yet claimed at
    /// `threshold`, earliest first, at most `?`.
    private static func pendingSQL(_ threshold: DeadlineThreshold, teamCount: Int?) -> String {
        let prefix = threshold.columnPrefix
        let teams = teamCount.map { " AND team IN (" + Array(repeating: "?", count: $0).joined(separator: ", ") + ")" } ?? ""
        return """
            SELECT id FROM cases WHERE status = 'open' AND \(prefix)_at IS NULL AND due_at >= ? AND due_at < ?\(teams) \
            ORDER BY due_at, id LIMIT ?
            """
    }

    public func releaseDeadlineAlert(caseID: Int64, threshold: DeadlineThreshold, claimant: String) async throws -> Bool {
        let prefix = threshold.columnPrefix
        return try await pool.write { db in
            try db.execute(
                sql: "UPDATE cases SET \(prefix)_at = NULL, \(prefix)_by = NULL WHERE id = ? AND \(prefix)_by = ?",
                arguments: [caseID, claimant])
            return db.changesCount > 0
        }
    }

    /// SQLite's plan for the claim's inner select at `threshold`: a diagnostic showing it is a
    /// range seek on the threshold's pending-claims index.
    public func deadlineAlertClaimPlan(_ threshold: DeadlineThreshold) async throws -> [String] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Self.pendingSQL(threshold, teamCount: nil), arguments: [0, 1, 10])
                .map { $0["detail"] as String }
        }
    }
}

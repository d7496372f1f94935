#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GRDB

extension SQLiteCaseStore {
    public func claimDeadlineAlerts(
        at now: Date, dueSoonWithin window: TimeInterval, claimant: String, teams: [String]?, reclaimUnsentAfter lease: TimeInterval?,
        limit: Int
    ) async throws -> [DeadlineAlert] {
        let claim = try DeadlineAlertClaim(now: now, window: window, claimant: claimant, teams: teams, lease: lease, limit: limit)
        if claim.coversNothing { return [] }
        let teamArguments = StatementArguments(claim.teams ?? [])
        // One write transaction: SQLite runs one writer at a time, so no two callers (in this
        // process or another on the same file) see the same claimable row.
        return try await pool.write { db in
            var claimed: [DeadlineAlert] = []
            for threshold in DeadlineAlertClaim.order where claimed.count < claim.limit {
                let (lower, upper) = claim.dueRange(threshold)
                var batch: [DeadlineAlert] = []
                for pick in claim.picks where claimed.count + batch.count < claim.limit {
                    let rows = try Row.fetchAll(
                        db, sql: Self.claimSQL(threshold, pick, teamCount: claim.teams?.count),
                        arguments: [claim.claimedMillis, claim.claimant] + Self.pickArguments(pick) + [lower, upper] + teamArguments
                            + [claim.limit - claimed.count - batch.count])
                    batch += try rows.map { row in
                        try DeadlineAlertRowValues(
                            id: row[0], team: row[1], kind: row[2], category: row[3], dueAt: row[4], priorityRank: row[5],
                            knownRealVictims: row[6], mayShowRealChild: row[7]
                        ).alert(threshold: threshold, claimedAt: claim.claimedAt, claimant: claim.claimant)
                    }
                }
                claimed += DeadlineAlertRowValues.sorted(batch)
            }
            return claimed
        }
    }

    /// Marks the rows `pick` selects at `threshold` as claimed (and not yet sent), returning them.
    private static func claimSQL(_ threshold: DeadlineThreshold, _ pick: DeadlineAlertClaim.Pick, teamCount: Int?) -> String {
        let prefix = threshold.columnPrefix
        return """
            UPDATE cases SET \(prefix)_at = ?, \(prefix)_by = ?, \(prefix)_sent_at = NULL
            WHERE id IN (\(pickSQL(threshold, pick, teamCount: teamCount)))
            RETURNING \(DeadlineAlertRowValues.columns)
            """
    }

    /// The open cases `pick` selects at `threshold` (claimed before `?` and unsent, or never
    /// claimed), due in `[?, ?)`, of `teamCount` teams `?` when given, at most `?`. Each reads
    /// its own partial index: unsent claims by claim time, unclaimed cases by deadline.
    private static func pickSQL(_ threshold: DeadlineThreshold, _ pick: DeadlineAlertClaim.Pick, teamCount: Int?) -> String {
        let prefix = threshold.columnPrefix
        let teams = teamCount.map { " AND team IN (" + Array(repeating: "?", count: $0).joined(separator: ", ") + ")" } ?? ""
        switch pick {
        case .unclaimed:
            return """
                SELECT id FROM cases WHERE status = 'open' AND \(prefix)_at IS NULL AND due_at >= ? AND due_at < ?\(teams) \
                ORDER BY due_at, id LIMIT ?
                """
        case .unsent:
            return """
                SELECT id FROM cases WHERE status = 'open' AND \(prefix)_at IS NOT NULL AND \(prefix)_sent_at IS NULL \
                AND \(prefix)_at < ? AND due_at >= ? AND due_at < ?\(teams) ORDER BY \(prefix)_at, id LIMIT ?
                """
        }
    }

    private static func pickArguments(_ pick: DeadlineAlertClaim.Pick) -> StatementArguments {
        switch pick {
        case .unclaimed: []
        case .unsent(let claimedBefore): [claimedBefore]
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
        return try await pool.write { db in
            try db.execute(
                sql: "UPDATE cases SET \(column) = ? WHERE id = ? AND \(prefix)_by = ? AND \(prefix)_sent_at IS NULL",
                arguments: [value, caseID, claimant])
            return db.changesCount > 0
        }
    }

    public func releaseDeadlineAlert(caseID: Int64, threshold: DeadlineThreshold, claimant: String) async throws -> Bool {
        let prefix = threshold.columnPrefix
        return try await pool.write { db in
            try db.execute(
                sql: "UPDATE cases SET \(prefix)_at = NULL, \(prefix)_by = NULL WHERE id = ? AND \(prefix)_by = ? AND \(prefix)_sent_at IS NULL",
                arguments: [caseID, claimant])
            return db.changesCount > 0
        }
    }

    /// SQLite's plan for the claim's inner select at `threshold` (fresh claims, or unsent ones
    /// when `unsent`): a diagnostic showing it is a range seek on the matching partial index.
    public func deadlineAlertClaimPlan(_ threshold: DeadlineThreshold, unsent: Bool = false) async throws -> [String] {
        let pick: DeadlineAlertClaim.Pick = unsent ? .unsent(claimedBefore: 0) : .unclaimed
        return try await pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Self.pickSQL(threshold, pick, teamCount: nil), arguments: Self.pickArguments(pick) + [0, 1, 10])
                .map { $0["detail"] as String }
        }
    }
}

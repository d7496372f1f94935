import Foundation
import BulwarkCore
import GRDB
import Store

/// ``ReportSubmissionStore`` in the SQLite file `bulwark.sqlite` (its own pool, WAL mode).
public final class SQLiteReportSubmissionStore: ReportSubmissionStore {
    private let pool: DatabasePool
    public let path: String

    /// Opens `path` and applies ``ReportingMigrations/sqlite`` not yet recorded.
    public init(path: String) throws {
        self.path = path
        pool = try SharedDatabase.openPool(path: path, migrations: ReportingMigrations.sqlite)
    }

    public func save(_ submission: ReportSubmission) async throws {
        let state = try SubmissionCoding.encode(submission)
        try await pool.write { db in try Self.upsert(submission, state: state, db) }
    }

    private static func upsert(_ submission: ReportSubmission, state: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO report_submissions (id, status, destination, remote_report_id, state, created_at, updated_at, case_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET status = excluded.status, destination = excluded.destination,
                    remote_report_id = excluded.remote_report_id, state = excluded.state, updated_at = excluded.updated_at,
                    case_id = excluded.case_id
                """,
            arguments: [
                submission.id, submission.status.rawValue, submission.destination, submission.reportID, state,
                SubmissionCoding.millis(submission.createdAt), SubmissionCoding.millis(submission.updatedAt), submission.caseID,
            ])
    }

    public func submission(id: String) async throws -> ReportSubmission {
        let state = try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT state FROM report_submissions WHERE id = ?", arguments: [id])
        }
        guard let state else { throw BulwarkError.notFound(what: "report submission", id: id) }
        return try SubmissionCoding.decode(state, id: id)
    }

    public func list(from: Date?, to: Date?, limit: Int) async throws -> [ReportSubmission] {
        let lower = from.map(SubmissionCoding.millis) ?? Int64.min
        let upper = to.map(SubmissionCoding.millis) ?? Int64.max
        let rows = try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, state FROM report_submissions WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id LIMIT ?",
                arguments: [lower, upper, max(0, limit)]
            ).map { row -> (id: String, state: String) in (row["id"], row["state"]) }
        }
        return try rows.map { try SubmissionCoding.decode($0.state, id: $0.id) }
    }

    public func createForCase(_ submission: ReportSubmission) async throws -> (submission: ReportSubmission, created: Bool) {
        guard let caseID = submission.caseID else { throw SubmissionCoding.missingCaseID }
        let state = try SubmissionCoding.encode(submission)
        // One write transaction: the check and the insert cannot interleave with another writer.
        let existing = try await pool.write { db -> (id: String, state: String)? in
            if let row = try Self.liveRow(caseID: caseID, db) { return row }
            try Self.upsert(submission, state: state, db)
            return nil
        }
        guard let existing else { return (submission, true) }
        return (try SubmissionCoding.decode(existing.state, id: existing.id), false)
    }

    public func liveSubmission(caseID: Int64) async throws -> ReportSubmission? {
        let row = try await pool.read { db in try Self.liveRow(caseID: caseID, db) }
        guard let row else { return nil }
        return try SubmissionCoding.decode(row.state, id: row.id)
    }

    private static func liveRow(caseID: Int64, _ db: Database) throws -> (id: String, state: String)? {
        try Row.fetchOne(
            db, sql: "SELECT id, state FROM report_submissions WHERE case_id = ? AND status <> 'retracted'", arguments: [caseID]
        ).map { ($0["id"], $0["state"]) }
    }

    public func submissions(caseID: Int64) async throws -> [ReportSubmission] {
        let rows = try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, state FROM report_submissions WHERE case_id = ? ORDER BY created_at, id", arguments: [caseID]
            ).map { row -> (id: String, state: String) in (row["id"], row["state"]) }
        }
        return try rows.map { try SubmissionCoding.decode($0.state, id: $0.id) }
    }

    public func claim(submissionID: String, owner: String, until: Date, now: Date) async throws -> SubmissionLease {
        let untilMillis = SubmissionCoding.millis(until)
        let nowMillis = SubmissionCoding.millis(now)
        // A write transaction: the condition and the update see no other writer in between.
        let refusal = try await pool.write { db -> ReportingError? in
            try db.execute(
                sql: """
                    UPDATE report_submissions SET lease_owner = ?, lease_until = ?
                    WHERE id = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_until <= ?)
                    """,
                arguments: [owner, untilMillis, submissionID, owner, nowMillis])
            if db.changesCount > 0 { return nil }
            guard let row = try Row.fetchOne(
                db, sql: "SELECT lease_owner, lease_until FROM report_submissions WHERE id = ?", arguments: [submissionID])
            else { throw BulwarkError.notFound(what: "report submission", id: submissionID) }
            // Nothing changed and the row exists, so someone else holds an unexpired lease.
            let holder: String = row["lease_owner"] ?? "unknown"
            let heldUntil: Int64 = row["lease_until"] ?? untilMillis
            return ReportingError.submissionBusy(submissionID: submissionID, holder: holder, until: SubmissionCoding.date(millis: heldUntil))
        }
        if let refusal { throw refusal }
        return SubmissionLease(submissionID: submissionID, owner: owner, until: SubmissionCoding.date(millis: untilMillis))
    }

    public func release(submissionID: String, owner: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE report_submissions SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
                arguments: [submissionID, owner])
        }
    }

    public func lease(submissionID: String) async throws -> SubmissionLease? {
        let found = try await pool.read { db -> (owner: String?, until: Int64?)? in
            try Row.fetchOne(db, sql: "SELECT lease_owner, lease_until FROM report_submissions WHERE id = ?", arguments: [submissionID])
                .map { ($0["lease_owner"], $0["lease_until"]) }
        }
        guard let found else { throw BulwarkError.notFound(what: "report submission", id: submissionID) }
        guard let owner = found.owner, let until = found.until else { return nil }
        return SubmissionLease(submissionID: submissionID, owner: owner, until: SubmissionCoding.date(millis: until))
    }

    public func close() async throws { try pool.close() }
}

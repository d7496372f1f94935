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
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO report_submissions (id, status, destination, remote_report_id, state, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET status = excluded.status, destination = excluded.destination,
                        remote_report_id = excluded.remote_report_id, state = excluded.state, updated_at = excluded.updated_at
                    """,
                arguments: [
                    submission.id, submission.status.rawValue, submission.destination, submission.reportID, state,
                    SubmissionCoding.millis(submission.createdAt), SubmissionCoding.millis(submission.updatedAt),
                ])
        }
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

    public func close() async throws { try pool.close() }
}

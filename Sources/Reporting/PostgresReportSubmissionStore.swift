import Foundation
import BulwarkCore
import Logging
import PostgresNIO
import Store

/// ``ReportSubmissionStore`` in the PostgreSQL database of the bank store.
public final class PostgresReportSubmissionStore: ReportSubmissionStore {
    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger

    /// Connects to `url` and applies ``ReportingMigrations/postgres`` not yet recorded.
    public init(url: PostgresURL, logger: Logger = Logger(label: "bulwark.reporting")) async throws {
        let client = SharedDatabase.client(url, maximumConnections: 2)
        self.client = client
        self.logger = logger
        runTask = Task { await client.run() }
        do {
            try await SharedDatabase.migrate(ReportingMigrations.postgres, client: client, logger: logger)
        } catch {
            runTask.cancel()
            throw error
        }
    }

    public func save(_ submission: ReportSubmission) async throws {
        let state = try SubmissionCoding.encode(submission)
        let created = SubmissionCoding.millis(submission.createdAt)
        let updated = SubmissionCoding.millis(submission.updatedAt)
        try await client.query(
            """
            INSERT INTO report_submissions (id, status, destination, remote_report_id, state, created_at, updated_at)
            VALUES (\(submission.id), \(submission.status.rawValue), \(submission.destination), \(submission.reportID), \(state), \(created), \(updated))
            ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, destination = EXCLUDED.destination,
                remote_report_id = EXCLUDED.remote_report_id, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at
            """, logger: logger)
    }

    public func submission(id: String) async throws -> ReportSubmission {
        let rows = try await client.query("SELECT state FROM report_submissions WHERE id = \(id)", logger: logger)
        for try await state in rows.decode(String.self) {
            return try SubmissionCoding.decode(state, id: id)
        }
        throw BulwarkError.notFound(what: "report submission", id: id)
    }

    public func list(from: Date?, to: Date?, limit: Int) async throws -> [ReportSubmission] {
        let lower = from.map(SubmissionCoding.millis) ?? Int64.min
        let upper = to.map(SubmissionCoding.millis) ?? Int64.max
        let count = max(0, limit)
        let rows = try await client.query(
            """
            SELECT id, state FROM report_submissions WHERE created_at >= \(lower) AND created_at < \(upper)
            ORDER BY created_at, id LIMIT \(count)
            """, logger: logger)
        var result: [ReportSubmission] = []
        for try await (id, state) in rows.decode((String, String).self) {
            result.append(try SubmissionCoding.decode(state, id: id))
        }
        return result
    }

    public func close() async throws { runTask.cancel() }
}

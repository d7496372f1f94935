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
            INSERT INTO report_submissions (id, status, destination, remote_report_id, state, created_at, updated_at, case_id)
            VALUES (\(submission.id), \(submission.status.rawValue), \(submission.destination), \(submission.reportID), \(state), \(created), \(updated), \(submission.caseID))
            ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, destination = EXCLUDED.destination,
                remote_report_id = EXCLUDED.remote_report_id, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at,
                case_id = EXCLUDED.case_id
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

    public func createForCase(_ submission: ReportSubmission) async throws -> (submission: ReportSubmission, created: Bool) {
        guard let caseID = submission.caseID else { throw SubmissionCoding.missingCaseID }
        let state = try SubmissionCoding.encode(submission)
        let created = SubmissionCoding.millis(submission.createdAt)
        let updated = SubmissionCoding.millis(submission.updatedAt)
        // The partial unique index decides: the insert does nothing when the case has a live
        // submission. If that one is retracted before it can be read, try again.
        for _ in 0..<3 {
            let rows = try await client.query(
                """
                INSERT INTO report_submissions (id, status, destination, remote_report_id, state, created_at, updated_at, case_id)
                VALUES (\(submission.id), \(submission.status.rawValue), \(submission.destination), \(submission.reportID), \(state), \(created), \(updated), \(caseID))
                ON CONFLICT (case_id) WHERE case_id IS NOT NULL AND status <> 'retracted' DO NOTHING
                RETURNING id
                """, logger: logger)
            for try await _ in rows.decode(String.self) { return (submission, true) }
            if let existing = try await liveSubmission(caseID: caseID) { return (existing, false) }
        }
        throw ReportingError.invalidState("case \(caseID): its live report submission kept changing; try again")
    }

    public func liveSubmission(caseID: Int64) async throws -> ReportSubmission? {
        let rows = try await client.query(
            "SELECT id, state FROM report_submissions WHERE case_id = \(caseID) AND status <> 'retracted'", logger: logger)
        for try await (id, state) in rows.decode((String, String).self) {
            return try SubmissionCoding.decode(state, id: id)
        }
        return nil
    }

    public func submissions(caseID: Int64) async throws -> [ReportSubmission] {
        let rows = try await client.query(
            "SELECT id, state FROM report_submissions WHERE case_id = \(caseID) ORDER BY created_at, id", logger: logger)
        var result: [ReportSubmission] = []
        for try await (id, state) in rows.decode((String, String).self) {
            result.append(try SubmissionCoding.decode(state, id: id))
        }
        return result
    }

    public func claim(submissionID: String, owner: String, until: Date, now: Date) async throws -> SubmissionLease {
        let untilMillis = SubmissionCoding.millis(until)
        let nowMillis = SubmissionCoding.millis(now)
        // One UPDATE decides; when it changes nothing, read who holds the lease. If the lease
        // was given back in between, try again.
        for _ in 0..<3 {
            let rows = try await client.query(
                """
                UPDATE report_submissions SET lease_owner = \(owner), lease_until = \(untilMillis)
                WHERE id = \(submissionID) AND (lease_owner IS NULL OR lease_owner = \(owner) OR lease_until <= \(nowMillis))
                RETURNING id
                """, logger: logger)
            for try await _ in rows.decode(String.self) {
                return SubmissionLease(submissionID: submissionID, owner: owner, until: SubmissionCoding.date(millis: untilMillis))
            }
            let current = try await lease(submissionID: submissionID)
            if let current, current.owner != owner, SubmissionCoding.millis(current.until) > nowMillis {
                throw ReportingError.submissionBusy(submissionID: submissionID, holder: current.owner, until: current.until)
            }
        }
        throw ReportingError.invalidState("report submission \(submissionID): its lease kept changing while claiming; try again")
    }

    public func release(submissionID: String, owner: String) async throws {
        try await client.query(
            """
            UPDATE report_submissions SET lease_owner = NULL, lease_until = NULL
            WHERE id = \(submissionID) AND lease_owner = \(owner)
            """, logger: logger)
    }

    public func lease(submissionID: String) async throws -> SubmissionLease? {
        let rows = try await client.query(
            "SELECT lease_owner, lease_until FROM report_submissions WHERE id = \(submissionID)", logger: logger)
        for try await (owner, until) in rows.decode((String?, Int64?).self) {
            guard let owner, let until else { return nil }
            return SubmissionLease(submissionID: submissionID, owner: owner, until: SubmissionCoding.date(millis: until))
        }
        throw BulwarkError.notFound(what: "report submission", id: submissionID)
    }

    public func close() async throws { runTask.cancel() }
}

import Foundation
import BulwarkCore
import Store

/// Where ``ReportSubmission``s are kept: SQLite (``SQLiteReportSubmissionStore``) or
/// PostgreSQL (``PostgresReportSubmissionStore``), in the same database as the banks.
public protocol ReportSubmissionStore: Sendable {
    /// Inserts or replaces `submission` (by id).
    func save(_ submission: ReportSubmission) async throws
    /// The submission with local id `id`; throws `BulwarkError.notFound` otherwise.
    func submission(id: String) async throws -> ReportSubmission
    /// Submissions created in `[from, to)` (either bound optional), oldest first, at most `limit`.
    func list(from: Date?, to: Date?, limit: Int) async throws -> [ReportSubmission]

    /// Stores `submission` (which must carry a ``ReportSubmission/caseID``) unless its case
    /// already has a live (not retracted) submission; atomic across processes (a partial
    /// unique index). Returns the stored submission and `true`, or the existing live one and
    /// `false`. Throws ``ReportingError/invalidField(field:reason:)`` without a case id.
    func createForCase(_ submission: ReportSubmission) async throws -> (submission: ReportSubmission, created: Bool)
    /// The live (not retracted) submission of case `caseID`, or `nil`.
    func liveSubmission(caseID: Int64) async throws -> ReportSubmission?
    /// Every submission of case `caseID`, retracted ones included, oldest first.
    func submissions(caseID: Int64) async throws -> [ReportSubmission]

    /// Takes (or extends) the resume lease of submission `submissionID` for `owner` until
    /// `until`, in one atomic statement: it succeeds only when no one else holds a lease
    /// that is unexpired at `now`. Throws ``ReportingError/submissionBusy(submissionID:holder:until:)``
    /// naming the holder otherwise, and `BulwarkError.notFound` for an unknown submission.
    func claim(submissionID: String, owner: String, until: Date, now: Date) async throws -> SubmissionLease
    /// Gives back the lease of `submissionID` if `owner` still holds it (no effect otherwise).
    func release(submissionID: String, owner: String) async throws
    /// The current lease of `submissionID` (possibly expired), or `nil` when none is held.
    func lease(submissionID: String) async throws -> SubmissionLease?
    /// Releases the connection.
    func close() async throws
}

/// Opens the submission store beside the bank store.
public enum ReportSubmissionStores {
    /// PostgreSQL when `databaseURL` is set, otherwise the SQLite file in `dataDirectory`.
    public static func open(dataDirectory: String?, databaseURL: String?) async throws -> any ReportSubmissionStore {
        if let databaseURL, !databaseURL.isEmpty {
            return try await PostgresReportSubmissionStore(url: try PostgresURL(databaseURL))
        }
        return try SQLiteReportSubmissionStore(path: try SharedDatabase.sqlitePath(dataDirectory: dataDirectory))
    }
}

/// JSON coding of the stored `state` column.
enum SubmissionCoding {
    static func encode(_ submission: ReportSubmission) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(submission), as: UTF8.self)
    }

    static func decode(_ text: String, id: String) throws -> ReportSubmission {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        do {
            return try decoder.decode(ReportSubmission.self, from: Data(text.utf8))
        } catch {
            throw BulwarkError.invalidInput(what: "stored report submission", where: "report_submissions.id=\(id)", reason: "\(error)")
        }
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    static func date(millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    /// The error for a case submission without a case id.
    static let missingCaseID = ReportingError.invalidField(field: "caseID", reason: "a case submission needs the id of its case")
}

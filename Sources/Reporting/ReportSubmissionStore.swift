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
}

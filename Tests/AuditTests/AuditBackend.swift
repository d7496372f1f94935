import Audit
import BulwarkCore
import BulwarkTestSupport
import Foundation
import GRDB
import Logging
import PostgresNIO
import Store
import Testing

/// The two backends every audit test runs against, with the same test bodies.
enum AuditBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A fresh, empty chain for one test, or nil (after recording a failure under CI, or
    /// printing why otherwise) when PostgreSQL is not configured. The PostgreSQL database
    /// holds one chain shared by every test, so the suites using it are serialized and each
    /// test starts by emptying it.
    func open(anchored: Bool = false) async throws -> TestLog? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-audit-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let anchor = anchored ? AuditAnchorFile(path: directory + "/audit.anchor") : nil
        switch self {
        case .sqlite:
            let log = try await AuditLogs.open(dataDirectory: directory, databaseURL: nil, anchorPath: anchor?.path)
            return TestLog(log: log, directory: directory, url: nil, anchor: anchor)
        case .postgres:
            guard let url = TestPostgres.urlOrSkip("the audit tests") else {
                try? FileManager.default.removeItem(atPath: directory)
                return nil
            }
            let log = try await AuditLogs.open(dataDirectory: nil, databaseURL: url, anchorPath: anchor?.path)
            let test = TestLog(log: log, directory: directory, url: url, anchor: anchor)
            try await test.execute("DELETE FROM audit_log")
            try await test.execute("UPDATE audit_head SET sequence = 0, hash = '\(ChainHash.genesis)' WHERE id = 1")
            return test
        }
    }
}

/// A log opened for one test, with what is needed to open a second handle and to tamper
/// with the tables directly, as someone with database access would.
struct TestLog: Sendable {
    let log: any AuditLog
    /// Holds the SQLite file and the anchor file.
    let directory: String
    /// The PostgreSQL URL.
    let url: String?
    let anchor: AuditAnchorFile?

    /// A second, independent handle (its own connection pool) on the same chain.
    func reopen() async throws -> any AuditLog {
        try await AuditLogs.open(dataDirectory: url == nil ? directory : nil, databaseURL: url, anchorPath: anchor?.path)
    }

    /// Runs `sql` directly against the database, outside the log.
    func execute(_ sql: String) async throws {
        if let url {
            let client = SharedDatabase.client(try PostgresURL(url), maximumConnections: 1)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                try await client.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "audit-tests"))
                group.cancelAll()
            }
        } else {
            let queue = try DatabaseQueue(path: directory + "/" + SQLiteBankStore.fileName)
            try await queue.write { db in try db.execute(sql: sql) }
            try queue.close()
        }
    }

    /// `count` events about a few subjects, numbered from `start`.
    static func events(_ count: Int, start: Int = 1) -> [AuditEvent] {
        (start..<(start + count)).map { index in
            AuditEvent(
                actor: "reviewer-\(index % 3)", action: "case.assess", subject: "case:\(index % 5)",
                details: ["reason": "r\(index)", "category": "B"],
                at: Date(timeIntervalSince1970: 1_790_000_000 + Double(index)))
        }
    }

    func close() async {
        try? await log.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

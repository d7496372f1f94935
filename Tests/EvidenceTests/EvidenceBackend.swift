import BulwarkCore
import Evidence
import BulwarkTestSupport
import Foundation
import GRDB
import Logging
import PostgresNIO
import Store
import Testing

/// The two metadata backends every evidence test runs against, with the same test bodies.
enum EvidenceBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A fresh data directory and database for one test, or nil when PostgreSQL is not
    /// configured (a recorded failure under CI). The PostgreSQL table is shared, so the
    /// suite is serialized, its rows name cases `case:evidence-test-N`, and each test starts
    /// by removing those rows (never other suites').
    func prepare() async throws -> EvidenceTestBed? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-evidence-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        switch self {
        case .sqlite:
            return EvidenceTestBed(directory: directory, url: nil)
        case .postgres:
            guard let url = TestPostgres.urlOrSkip("the evidence tests") else {
                try? FileManager.default.removeItem(atPath: directory)
                return nil
            }
            let bed = EvidenceTestBed(directory: directory, url: url)
            let vault = try await bed.open(EvidenceSettings())
            try await vault.close()
            // Only this suite's rows: other suites (case reports) keep evidence in the same
            // database at the same time.
            try await bed.execute("DELETE FROM evidence_items WHERE case_reference LIKE 'case:evidence-test-%'")
            return bed
        }
    }
}

/// One test's data directory and database, able to open vaults and to tamper with rows.
struct EvidenceTestBed: Sendable {
    let directory: String
    let url: String?
    let recorder = CollectingRecorder()

    var evidenceDirectory: String { directory + "/evidence" }

    func open(_ settings: EvidenceSettings, recorder: (any AuditRecorder)? = nil, clock: @escaping @Sendable () -> Date = { Date() }) async throws -> EvidenceVault {
        try await EvidenceVaults.open(
            dataDirectory: directory, databaseURL: url, settings: settings, recorder: recorder ?? self.recorder, clock: clock)
    }

    /// Runs `sql` directly against the database.
    func execute(_ sql: String) async throws {
        if let url {
            let client = SharedDatabase.client(try PostgresURL(url), maximumConnections: 1)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                try await client.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "evidence-tests"))
                group.cancelAll()
            }
        } else {
            let queue = try DatabaseQueue(path: directory + "/" + SQLiteBankStore.fileName)
            try await queue.write { db in try db.execute(sql: sql) }
            try queue.close()
        }
    }

    /// The files in the evidence directory (empty when it does not exist).
    func evidenceFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: evidenceDirectory)) ?? []).sorted()
    }

    func permissions(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Keeps the audit events a vault records; can be told to fail, like a database that is down.
final class CollectingRecorder: AuditRecorder, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [AuditEvent] = []
    private var failing = false

    func record(_ event: AuditEvent) async throws {
        try lock.withLock {
            if failing { throw BulwarkError.io(path: "audit", reason: "audit store unavailable (test)") }
            stored.append(event)
        }
    }

    var events: [AuditEvent] { lock.withLock { stored } }
    func fail(_ value: Bool) { lock.withLock { failing = value } }
}

/// A benign test payload: a text pattern standing in for media bytes.
enum Payload {
    static func bytes(_ count: Int, seed: Int = 0) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        var line = 0
        while result.count < count {
            result.append(contentsOf: Array("benign test payload \(seed) line \(line) - no media here\n".utf8))
            line += 1
        }
        return Array(result.prefix(count))
    }
}

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(days: Double) { lock.withLock { current = current.addingTimeInterval(days * 86_400) } }
}

import BulwarkCore
import GRDB
import Store

/// The ``AuditLog`` in the SQLite file of the data directory (its own connection pool on the
/// same file as the banks). Appends run in IMMEDIATE transactions, so appends from other
/// pools and processes on the file wait for each other.
public final class SQLiteAuditLog: AuditLog {
    private let pool: DatabasePool
    /// The database file.
    public let path: String
    public let anchorFile: AuditAnchorFile?

    /// Opens the database at `path` (normally `<data-dir>/bulwark.sqlite`) and applies the
    /// audit migrations not yet recorded.
    public init(path: String, anchorFile: AuditAnchorFile? = nil) throws {
        self.path = path
        self.anchorFile = anchorFile
        pool = try SharedDatabase.openPool(path: path, migrations: AuditMigrations.sqlite)
    }

    @discardableResult
    public func append(_ events: [AuditEvent]) async throws -> [AuditRecord] {
        try checkBatch(events)
        if events.isEmpty { return [] }
        let links = try await pool.writeWithoutTransaction { db in
            var links: [StoredRecord] = []
            try db.inTransaction(.immediate) {
                links = try StoredRecord.chain(events, after: try Self.head(db))
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO audit_log (sequence, event, subject, at, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?)
                    """)
                for link in links {
                    try insert.execute(arguments: [link.sequence, link.canonical, link.subject, link.atMillis, link.previousHash, link.hash])
                }
                if let last = links.last {
                    try db.execute(sql: "UPDATE audit_head SET sequence = ?, hash = ? WHERE id = 1", arguments: [last.sequence, last.hash])
                }
                return .commit
            }
            return links
        }
        let records = try links.map { try $0.record() }
        try advanceAnchor(after: records)
        return records
    }

    public func head() async throws -> ChainHead {
        try await pool.read { db in try Self.head(db) }
    }

    public func verify(anchor: ChainHead?, pageSize: Int) async throws -> AuditVerification {
        // One read transaction: a snapshot, so appends running meanwhile are not mistaken for damage.
        try await pool.read { db in
            let head = try Self.head(db)
            var walk = ChainWalk(pageSize: pageSize, anchor: anchor)
            while walk.consume(try Self.rows(
                db, sql: "SELECT \(StoredRecord.columns) FROM audit_log WHERE sequence > ? ORDER BY sequence LIMIT ?",
                arguments: [walk.last.sequence, walk.pageSize])) {}
            return walk.finish(head: head)
        }
    }

    public func newest(before: Int64?, limit: Int) async throws -> [AuditRecord] {
        try await pool.read { db in
            try Self.rows(db, sql: "SELECT \(StoredRecord.columns) FROM audit_log WHERE sequence < ? ORDER BY sequence DESC LIMIT ?",
                          arguments: [before ?? Int64.max, self.pageLimit(limit)]).map { try $0.record() }
        }
    }

    public func events(subject: String, before: Int64?, limit: Int) async throws -> [AuditRecord] {
        try await pool.read { db in
            try Self.rows(
                db, sql: "SELECT \(StoredRecord.columns) FROM audit_log WHERE subject = ? AND sequence < ? ORDER BY sequence DESC LIMIT ?",
                arguments: [subject, before ?? Int64.max, self.pageLimit(limit)]).map { try $0.record() }
        }
    }

    public func close() async throws { try pool.close() }

    private static func head(_ db: Database) throws -> ChainHead {
        guard let row = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM audit_head WHERE id = 1") else {
            throw BulwarkError.notFound(what: "audit chain head", id: "1")
        }
        return ChainHead(sequence: try column(row, "sequence"), hash: try column(row, "hash"))
    }

    private static func rows(_ db: Database, sql: String, arguments: StatementArguments) throws -> [StoredRecord] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            StoredRecord(
                sequence: try column(row, "sequence"), canonical: try column(row, "event"), subject: try column(row, "subject"),
                atMillis: try column(row, "at"), previousHash: try column(row, "previous_hash"), hash: try column(row, "hash"))
        }
    }

    /// A column's value, or a clear error (instead of a trap) when someone stored NULL or a
    /// value of the wrong type in it.
    private static func column<Value: DatabaseValueConvertible>(_ row: Row, _ name: String) throws -> Value {
        let value: DatabaseValue = row[name]
        guard let converted = Value.fromDatabaseValue(value) else {
            throw BulwarkError.invalidInput(what: "audit table", where: "column \(name)", reason: "holds \(value), not a \(Value.self)")
        }
        return converted
    }
}

import BulwarkCore
import GRDB
import Store

/// The ``EvidenceCatalog`` in the SQLite file of the data directory.
public final class SQLiteEvidenceCatalog: EvidenceCatalog {
    private let pool: DatabasePool

    /// Opens the database at `path` and applies the evidence migrations not yet recorded.
    public init(path: String) throws {
        pool = try SharedDatabase.openPool(path: path, migrations: EvidenceMigrations.sqlite)
    }

    public func insert(_ item: EvidenceItem) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO evidence_items (id, case_reference, sha256, byte_size, media_type, stored_at, expires_at, key_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    item.id, item.caseReference, item.sha256, item.byteSize, item.mediaType, EvidenceTime.millis(item.storedAt),
                    EvidenceTime.millis(item.expiresAt), item.keyID,
                ])
        }
    }

    public func item(id: String) async throws -> EvidenceItem? {
        try await pool.read { db in try Self.items(db, "WHERE id = ?", [id]).first }
    }

    public func items(caseReference: String) async throws -> [EvidenceItem] {
        try await pool.read { db in try Self.items(db, "WHERE case_reference = ? ORDER BY stored_at, id", [caseReference]) }
    }

    public func expired(atOrBefore millis: Int64, limit: Int) async throws -> [EvidenceItem] {
        try await pool.read { db in try Self.items(db, "WHERE expires_at <= ? ORDER BY expires_at, id LIMIT ?", [millis, limit]) }
    }

    public func delete(id: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM evidence_items WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func close() async throws { try pool.close() }

    private static func items(_ db: Database, _ clause: String, _ arguments: StatementArguments) throws -> [EvidenceItem] {
        try Row.fetchAll(
            db, sql: "SELECT id, case_reference, sha256, byte_size, media_type, stored_at, expires_at, key_id FROM evidence_items \(clause)",
            arguments: arguments
        ).map { row in
            EvidenceItem(
                id: try column(row, "id"), caseReference: try column(row, "case_reference"), sha256: try column(row, "sha256"),
                byteSize: try column(row, "byte_size"), mediaType: try column(row, "media_type"),
                storedAt: EvidenceTime.date(try column(row, "stored_at")), expiresAt: EvidenceTime.date(try column(row, "expires_at")),
                keyID: try column(row, "key_id"))
        }
    }

    /// A column's value, or a clear error instead of a trap for NULL or a mistyped value.
    private static func column<Value: DatabaseValueConvertible>(_ row: Row, _ name: String) throws -> Value {
        let value: DatabaseValue = row[name]
        guard let converted = Value.fromDatabaseValue(value) else {
            throw BulwarkError.invalidInput(what: "evidence_items table", where: "column \(name)", reason: "holds \(value), not a \(Value.self)")
        }
        return converted
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore
import GRDB

/// The ``ServiceStore`` in the SQLite file of a ``SQLiteBankStore`` (its own connection
/// pool on the same file; WAL mode lets both read and write it).
public final class SQLiteServiceStore: ServiceStore {
    private let pool: DatabasePool
    public let path: String

    /// Opens the database file at `path` (normally ``SQLiteBankStore/path``) and applies the
    /// service migrations not yet recorded.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.write { db in
                try db.execute(sql: SQLiteSchema.migrationsTable)
                let applied = Set(try Int.fetchAll(db, sql: "SELECT version FROM schema_migrations"))
                for migration in ServiceMigrations.sqlite where !applied.contains(migration.version) {
                    for statement in migration.statements { try db.execute(sql: statement) }
                    try db.execute(
                        sql: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                        arguments: [migration.version, migration.name, StoreClock.nowMillis()])
                }
            }
        } catch let error as DatabaseError {
            throw BulwarkError.io(path: path, reason: "cannot open database: \(error.message ?? "\(error)")")
        }
    }

    // MARK: API keys

    public func createAPIKey(keyID: String, name: String, role: APIRole, secretHash: String) async throws -> APIKeyRecord {
        try await pool.write { db in
            do {
                try db.execute(
                    sql: "INSERT INTO api_keys (key_id, name, role, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [keyID, name, role.rawValue, secretHash, StoreClock.nowMillis()])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw BulwarkError.conflict("an API key with id \(keyID) already exists")
            }
            guard let record = try Self.key(db, sql: "SELECT * FROM api_keys WHERE id = ?", db.lastInsertedRowID) else {
                throw BulwarkError.notFound(what: "API key", id: keyID)
            }
            return record
        }
    }

    public func listAPIKeys() async throws -> [APIKeyRecord] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM api_keys ORDER BY id").compactMap(Self.key(from:)) }
    }

    public func apiKey(keyID: String) async throws -> APIKeyRecord? {
        try await pool.read { db in try Self.key(db, sql: "SELECT * FROM api_keys WHERE key_id = ?", keyID) }
    }

    public func revokeAPIKey(_ reference: String) async throws -> APIKeyRecord {
        try await pool.write { db in
            let column = Int64(reference) != nil ? "id" : "key_id"
            guard try Self.key(db, sql: "SELECT * FROM api_keys WHERE \(column) = ?", reference) != nil else {
                throw BulwarkError.notFound(what: "API key", id: reference)
            }
            try db.execute(
                sql: "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE \(column) = ?",
                arguments: [StoreClock.nowMillis(), reference])
            guard let record = try Self.key(db, sql: "SELECT * FROM api_keys WHERE \(column) = ?", reference) else {
                throw BulwarkError.notFound(what: "API key", id: reference)
            }
            return record
        }
    }

    // MARK: Webhooks

    public func createWebhook(url: String, secret: String, events: Set<WebhookEventKind>) async throws -> WebhookEndpoint {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO webhooks (url, secret, created_at, events) VALUES (?, ?, ?, ?)",
                arguments: [url, secret, StoreClock.nowMillis(), WebhookEventKind.stored(events)])
            return try Self.webhook(db, id: db.lastInsertedRowID)
        }
    }

    public func listWebhooks() async throws -> [WebhookEndpoint] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM webhooks ORDER BY id").map(Self.webhook(from:)) }
    }

    public func deleteWebhook(id: Int64) async throws {
        try await pool.write { db in
            _ = try Self.webhook(db, id: id)
            try db.execute(sql: "DELETE FROM webhooks WHERE id = ?", arguments: [id])
        }
    }

    // MARK: Dead letters

    public func addDeadLetter(webhookID: Int64, url: String, body: String, attempts: Int, lastError: String) async throws -> DeadLetter {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO webhook_dead_letters (webhook_id, url, body, attempts, last_error, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [webhookID, url, body, attempts, lastError, StoreClock.nowMillis()])
            return try Self.deadLetter(db, id: db.lastInsertedRowID)
        }
    }

    public func listDeadLetters(afterID: Int64, limit: Int) async throws -> [DeadLetter] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM webhook_dead_letters WHERE id > ? ORDER BY id LIMIT ?", arguments: [afterID, limit]
            ).map(Self.deadLetter(from:))
        }
    }

    public func deadLetter(id: Int64) async throws -> DeadLetter {
        try await pool.read { db in try Self.deadLetter(db, id: id) }
    }

    public func deleteDeadLetter(id: Int64) async throws {
        try await pool.write { db in
            _ = try Self.deadLetter(db, id: id)
            try db.execute(sql: "DELETE FROM webhook_dead_letters WHERE id = ?", arguments: [id])
        }
    }

    public func close() async throws { try pool.close() }

    // MARK: Rows

    private static func key(_ db: Database, sql: String, _ argument: some DatabaseValueConvertible) throws -> APIKeyRecord? {
        try Row.fetchOne(db, sql: sql, arguments: [argument]).flatMap(key(from:))
    }

    private static func key(from row: Row) -> APIKeyRecord? {
        guard let role = APIRole(rawValue: row["role"]) else { return nil }
        let revoked: Int64? = row["revoked_at"]
        return APIKeyRecord(
            id: row["id"], keyID: row["key_id"], name: row["name"], role: role, secretHash: row["secret_hash"],
            createdAt: StoreClock.date(millis: row["created_at"]), revokedAt: revoked.map(StoreClock.date(millis:)))
    }

    private static func webhook(_ db: Database, id: Int64) throws -> WebhookEndpoint {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM webhooks WHERE id = ?", arguments: [id]) else {
            throw BulwarkError.notFound(what: "webhook", id: "\(id)")
        }
        return webhook(from: row)
    }

    private static func webhook(from row: Row) -> WebhookEndpoint {
        WebhookEndpoint(id: row["id"], url: row["url"], secret: row["secret"], createdAt: StoreClock.date(millis: row["created_at"]),
                        events: WebhookEventKind.parseStored(row["events"]))
    }

    private static func deadLetter(_ db: Database, id: Int64) throws -> DeadLetter {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM webhook_dead_letters WHERE id = ?", arguments: [id]) else {
            throw BulwarkError.notFound(what: "dead letter", id: "\(id)")
        }
        return deadLetter(from: row)
    }

    private static func deadLetter(from row: Row) -> DeadLetter {
        DeadLetter(
            id: row["id"], webhookID: row["webhook_id"], url: row["url"], body: row["body"], attempts: row["attempts"],
            lastError: row["last_error"], createdAt: StoreClock.date(millis: row["created_at"]))
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import BulwarkCore
import GRDB
import Logging
import PostgresNIO

/// What a module outside `Store` needs to keep its own tables in the same database as the
/// banks: the SQLite file of a data directory, a PostgreSQL client for a URL, and the shared
/// `schema_migrations` runner. Each module numbers its migrations in its own range (cases
/// 200-299, audit 300-349, evidence 350-399, reporting 400-499) and applies them here.
public enum SharedDatabase {
    /// The path of the SQLite file in `dataDirectory` (default: ``BankStores/defaultDataDirectory(environment:)``),
    /// creating the directory if needed.
    public static func sqlitePath(dataDirectory: String?) throws -> String {
        let directory = dataDirectory ?? BankStores.defaultDataDirectory()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BulwarkError.io(path: directory, reason: "cannot create data directory: \(error)")
        }
        return directory + "/" + SQLiteBankStore.fileName
    }

    /// A connection pool on the SQLite file at `path` (created if needed; writers wait up to
    /// 30 s for each other) with `migrations` applied. Throws ``BulwarkError/io(path:reason:)``
    /// naming the file when it cannot be opened.
    public static func openPool(path: String, migrations: [Migration]) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try pool.write { db in try migrate(db, migrations) }
            return pool
        } catch let error as DatabaseError {
            throw BulwarkError.io(path: path, reason: "cannot open database: \(error.message ?? "\(error)")")
        }
    }

    /// Applies the SQLite `migrations` not yet recorded in `schema_migrations`, inside the
    /// caller's write transaction.
    public static func migrate(_ db: Database, _ migrations: [Migration]) throws {
        try db.execute(sql: SQLiteSchema.migrationsTable)
        let applied = Set(try Int.fetchAll(db, sql: "SELECT version FROM schema_migrations"))
        for migration in migrations where !applied.contains(migration.version) {
            for statement in migration.statements { try db.execute(sql: statement) }
            try db.execute(
                sql: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                arguments: [migration.version, migration.name, StoreClock.nowMillis()])
        }
    }

    /// Applies the PostgreSQL `migrations` not yet recorded, in one transaction under the
    /// advisory lock every Bulwark migration runner takes.
    public static func migrate(_ migrations: [Migration], client: PostgresClient, logger: Logger) async throws {
        try await PostgresMigrator.apply(migrations, client: client, logger: logger)
    }

    /// A client (not yet running: call `run()` in a task) for `url` with a pool of `maximumConnections`.
    public static func client(_ url: PostgresURL, maximumConnections: Int) -> PostgresClient {
        PostgresClient(configuration: url.clientConfiguration(maximumConnections: maximumConnections))
    }
}

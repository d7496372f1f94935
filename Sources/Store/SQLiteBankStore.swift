#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore
import GRDB

/// The embedded bank store: one SQLite file (WAL mode) through GRDB.
///
/// Readers never wait for writers. SQLite has one writer at a time, so imports into different
/// banks of one file run one after another; a second import into the same bank is refused.
public final class SQLiteBankStore: BankStore {
    /// The database file.
    public let path: String
    private let pool: DatabasePool

    /// The file name used inside a data directory.
    public static let fileName = "bulwark.sqlite"

    /// Opens (creating if needed) the store in `directory`, creating the directory too.
    public convenience init(dataDirectory directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BulwarkError.io(path: directory, reason: "cannot create data directory: \(error)")
        }
        try self.init(path: directory + "/" + Self.fileName)
    }

    /// Opens (creating if needed) the store at `path` and applies pending migrations.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // Only take the write lock when a migration is pending: a long import may hold it.
            if try pool.read({ db in try Self.hasPendingMigrations(db) }) {
                try pool.write { db in try Self.migrate(db) }
            }
        } catch let error as DatabaseError {
            throw BulwarkError.io(path: path, reason: "cannot open database: \(error.message ?? "\(error)")")
        }
    }

    private static func hasPendingMigrations(_ db: Database) throws -> Bool {
        guard try db.tableExists("schema_migrations") else { return true }
        let applied = Set(try Int.fetchAll(db, sql: "SELECT version FROM schema_migrations"))
        return SQLiteSchema.migrations.contains { !applied.contains($0.version) }
    }

    private static func migrate(_ db: Database) throws {
        try db.execute(sql: SQLiteSchema.migrationsTable)
        let applied = Set(try Int.fetchAll(db, sql: "SELECT version FROM schema_migrations"))
        for migration in SQLiteSchema.migrations where !applied.contains(migration.version) {
            try db.inSavepoint {
                for statement in migration.statements { try db.execute(sql: statement) }
                try db.execute(
                    sql: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    arguments: [migration.version, migration.name, StoreClock.nowMillis()])
                return .commit
            }
        }
    }

    /// The versions recorded in the migrations table.
    public func appliedMigrations() async throws -> [Int] {
        try await pool.read { db in try Int.fetchAll(db, sql: "SELECT version FROM schema_migrations ORDER BY version") }
    }

    // MARK: Banks

    public func createBank(_ draft: BankDraft) async throws -> Bank {
        let name = try Bank.validatedName(draft.name)
        return try await write { db in
            let now = StoreClock.nowMillis()
            do {
                try db.execute(
                    sql: """
                        INSERT INTO banks (name, enabled, holds_known_real_victims, description, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [name, draft.enabled, draft.holdsKnownRealVictims, draft.description, now, now])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw BulwarkError.conflict("a bank named \"\(name)\" already exists")
            }
            return try Self.fetchBank(db, id: db.lastInsertedRowID)
        }
    }

    public func listBanks() async throws -> [Bank] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM banks ORDER BY id").map(Self.bank(from:)) }
    }

    public func bank(id: Int64) async throws -> Bank {
        try await read { db in try Self.fetchBank(db, id: id) }
    }

    public func bank(named name: String) async throws -> Bank {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM banks WHERE name = ?", arguments: [name]) else {
                throw BulwarkError.notFound(what: "bank", id: name)
            }
            return Self.bank(from: row)
        }
    }

    public func updateBank(id: Int64, _ changes: BankChanges) async throws -> Bank {
        let newName = try changes.name.map { name throws(BulwarkError) in try Bank.validatedName(name) }
        return try await write { db in
            var bank = try Self.fetchBank(db, id: id)
            if let newName { bank.name = newName }
            if let enabled = changes.enabled { bank.enabled = enabled }
            if let flag = changes.holdsKnownRealVictims { bank.holdsKnownRealVictims = flag }
            if let description = changes.description { bank.description = description }
            do {
                try db.execute(
                    sql: """
                        UPDATE banks SET name = ?, enabled = ?, holds_known_real_victims = ?, description = ?, updated_at = ?
                        WHERE id = ?
                        """,
                    arguments: [bank.name, bank.enabled, bank.holdsKnownRealVictims, bank.description, StoreClock.nowMillis(), id])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw BulwarkError.conflict("a bank named \"\(bank.name)\" already exists")
            }
            return try Self.fetchBank(db, id: id)
        }
    }

    public func deleteBank(id: Int64) async throws {
        try await write { db in
            _ = try Self.fetchBank(db, id: id)
            try db.execute(
                sql: """
                    INSERT INTO bank_tombstones (bank_id, entry_id, signal_type, value, removed_at, reason)
                    SELECT bank_id, id, signal_type, value, ?, 'bank deleted' FROM bank_entries WHERE bank_id = ? ORDER BY id
                    """,
                arguments: [StoreClock.nowMillis(), id])
            try db.execute(sql: "DELETE FROM bank_entries WHERE bank_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM banks WHERE id = ?", arguments: [id])
        }
    }

    // MARK: Entries

    public func addEntry(bankID: Int64, _ draft: EntryDraft) async throws -> BankEntry {
        try await write { db in
            _ = try Self.fetchBank(db, id: bankID)
            try Self.upsert(db, bankID: bankID, draft, now: StoreClock.nowMillis())
            guard let entry = try Self.fetchEntry(db, bankID: bankID, signal: draft.signal) else {
                throw BulwarkError.notFound(what: "entry", id: draft.signal.description)
            }
            return entry
        }
    }

    public func removeEntry(bankID: Int64, entryID: Int64, reason: String) async throws -> Tombstone {
        try await write { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT * FROM bank_entries WHERE id = ? AND bank_id = ?", arguments: [entryID, bankID])
            else { throw BulwarkError.notFound(what: "entry", id: "\(entryID) in bank \(bankID)") }
            let entry = Self.entry(from: row)
            let now = StoreClock.nowMillis()
            try db.execute(
                sql: """
                    INSERT INTO bank_tombstones (bank_id, entry_id, signal_type, value, removed_at, reason)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [bankID, entryID, entry.signal.type.rawValue, entry.signal.value, now, reason])
            let tombstoneID = db.lastInsertedRowID
            try db.execute(sql: "DELETE FROM bank_entries WHERE id = ?", arguments: [entryID])
            return Tombstone(
                id: tombstoneID, bankID: bankID, entryID: entryID, signal: entry.signal,
                removedAt: StoreClock.date(millis: now), reason: reason)
        }
    }

    public func entry(bankID: Int64, signal: Signal) async throws -> BankEntry? {
        try await read { db in try Self.fetchEntry(db, bankID: bankID, signal: signal) }
    }

    public func entries(bankID: Int64, afterID: Int64, limit: Int) async throws -> [BankEntry] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM bank_entries WHERE bank_id = ? AND id > ? ORDER BY id LIMIT ?",
                arguments: [bankID, afterID, limit]
            ).map(Self.entry(from:))
        }
    }

    public func tombstones(bankID: Int64, afterID: Int64, limit: Int) async throws -> [Tombstone] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM bank_tombstones WHERE bank_id = ? AND id > ? ORDER BY id LIMIT ?",
                arguments: [bankID, afterID, limit]
            ).map { row in
                Tombstone(
                    id: row["id"], bankID: row["bank_id"], entryID: row["entry_id"],
                    signal: Signal(type: SignalType(rawValue: row["signal_type"]), value: row["value"]),
                    removedAt: StoreClock.date(millis: row["removed_at"]), reason: row["reason"])
            }
        }
    }

    public func enabledEntries(of type: SignalType, afterID: Int64, limit: Int) async throws -> [BankEntry] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT e.* FROM bank_entries e JOIN banks b ON b.id = e.bank_id
                    WHERE e.signal_type = ? AND e.id > ? AND b.enabled ORDER BY e.id LIMIT ?
                    """,
                arguments: [type.rawValue, afterID, limit]
            ).map(Self.entry(from:))
        }
    }

    public func counts(bankID: Int64) async throws -> BankCounts {
        try await read { db in
            _ = try Self.fetchBank(db, id: bankID)
            var byType: [SignalType: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT signal_type, COUNT(*) AS n FROM bank_entries WHERE bank_id = ? GROUP BY signal_type",
                arguments: [bankID])
            {
                byType[SignalType(rawValue: row["signal_type"])] = row["n"]
            }
            let tombstones = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM bank_tombstones WHERE bank_id = ?", arguments: [bankID]) ?? 0
            return BankCounts(entries: byType.values.reduce(0, +), entriesByType: byType, tombstones: tombstones)
        }
    }

    // MARK: Import

    /// Page cache of the import connection, in KiB.
    static let importCacheKiB = 262_144

    public func withImportTransaction<Result: Sendable>(
        bankID: Int64, _ body: (any BankImportTransaction) async throws -> Result
    ) async throws -> Result {
        let lock = try ImportLockFile.acquire(
            path: "\(path).import-\(bankID).lock",
            busyMessage: "another import into bank \(bankID) is running; try again when it has finished")
        defer { withExtendedLifetime(lock) {} }

        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        configuration.busyMode = .timeout(5)
        configuration.foreignKeysEnabled = true
        // A bounded 256 MiB page cache: with SQLite's 8 MiB default, inserting millions of
        // random hashes thrashes the unique index (each insert lands on a cold page).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -\(Self.importCacheKiB)") }
        let connection: DatabaseQueue
        do {
            connection = try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw BulwarkError.io(path: path, reason: "cannot open database: \(error.message ?? "\(error)")")
        }
        defer { try? connection.close() }

        do {
            try await connection.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                if try Row.fetchOne(db, sql: "SELECT id FROM banks WHERE id = ?", arguments: [bankID]) == nil {
                    try db.execute(sql: "ROLLBACK")
                    throw BulwarkError.notFound(what: "bank", id: "\(bankID)")
                }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw BulwarkError.conflict(
                "the database is busy with another write (SQLite runs one import at a time); try again later")
        }
        do {
            let result = try await body(SQLiteImportTransaction(connection: connection, bankID: bankID))
            try await connection.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
            return result
        } catch {
            try? await connection.writeWithoutTransaction { db in
                if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") }
            }
            throw error
        }
    }

    public func close() async throws {
        try pool.close()
    }

    // MARK: Helpers shared with the import transaction

    static let upsertSQL = """
        INSERT INTO bank_entries (bank_id, signal_type, value, source, category, ai_generated, note, added_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (bank_id, signal_type, value) DO UPDATE SET
            source = COALESCE(excluded.source, source),
            category = COALESCE(excluded.category, category),
            ai_generated = CASE excluded.ai_generated WHEN 'unknown' THEN ai_generated ELSE excluded.ai_generated END,
            note = COALESCE(excluded.note, note)
        """

    static func upsert(_ db: Database, bankID: Int64, _ draft: EntryDraft, now: Int64) throws {
        let statement = try db.cachedStatement(sql: upsertSQL)
        try statement.execute(arguments: [
            bankID, draft.signal.type.rawValue, draft.signal.value, draft.labels.source, draft.labels.category,
            draft.labels.aiGenerated.rawValue, draft.labels.note, now,
        ])
    }

    private func read<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(work)
    }

    private func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(work)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw BulwarkError.conflict(
                "the database stayed busy for 30 seconds (a long import holds SQLite's single write lock); try again later")
        }
    }

    private static func fetchBank(_ db: Database, id: Int64) throws -> Bank {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM banks WHERE id = ?", arguments: [id]) else {
            throw BulwarkError.notFound(what: "bank", id: "\(id)")
        }
        return bank(from: row)
    }

    private static func fetchEntry(_ db: Database, bankID: Int64, signal: Signal) throws -> BankEntry? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM bank_entries WHERE bank_id = ? AND signal_type = ? AND value = ?",
            arguments: [bankID, signal.type.rawValue, signal.value]
        ).map(entry(from:))
    }

    private static func bank(from row: Row) -> Bank {
        Bank(
            id: row["id"], name: row["name"], enabled: row["enabled"],
            holdsKnownRealVictims: row["holds_known_real_victims"], description: row["description"],
            createdAt: StoreClock.date(millis: row["created_at"]), updatedAt: StoreClock.date(millis: row["updated_at"]))
    }

    private static func entry(from row: Row) -> BankEntry {
        BankEntry(
            id: row["id"], bankID: row["bank_id"],
            signal: Signal(type: SignalType(rawValue: row["signal_type"]), value: row["value"]),
            labels: EntryLabels(
                source: row["source"], category: row["category"],
                aiGenerated: AIGenerated(rawValue: (row["ai_generated"] as String?) ?? "unknown") ?? .unknown, note: row["note"]),
            addedAt: StoreClock.date(millis: row["added_at"]))
    }
}

import BulwarkCore
import Logging
import PostgresNIO

/// The shared bank store: PostgreSQL through postgres-nio, for many `bulwark serve`
/// instances on one database. Migrations run on open under an advisory lock, so instances
/// starting together apply each migration once.
public final class PostgresBankStore: BankStore {
    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger

    /// Connects to the database named by `url` (`postgres://user:pass@host:port/db`) and
    /// applies pending migrations.
    public init(url: PostgresURL, logger: Logger = Logger(label: "bulwark.store.postgres")) async throws {
        let client = PostgresClient(configuration: url.clientConfiguration(maximumConnections: 8))
        self.client = client
        self.logger = logger
        self.runTask = Task { await client.run() }
        do {
            try await migrate()
        } catch {
            runTask.cancel()
            throw Self.mapped(error, url: url)
        }
    }

    /// Convenience: parses the URL text first.
    public convenience init(url: String) async throws {
        try await self.init(url: try PostgresURL(url))
    }

    private func migrate() async throws {
        try await PostgresMigrator.apply(PostgresSchema.migrations, client: client, logger: logger)
    }

    /// The versions recorded in the migrations table.
    public func appliedMigrations() async throws -> [Int] {
        try await collect(client.query("SELECT version FROM schema_migrations ORDER BY version", logger: logger).decode(Int.self))
    }

    // MARK: Banks

    private static let bankColumns = "id, name, enabled, holds_known_real_victims, description, created_at, updated_at"
    private typealias BankRow = (Int64, String, Bool, Bool, String, Int64, Int64)

    public func createBank(_ draft: BankDraft) async throws -> Bank {
        let name = try Bank.validatedName(draft.name)
        let now = StoreClock.nowMillis()
        do {
            let rows = try await client.query(
                """
                INSERT INTO banks (name, enabled, holds_known_real_victims, description, created_at, updated_at)
                VALUES (\(name), \(draft.enabled), \(draft.holdsKnownRealVictims), \(draft.description), \(now), \(now))
                RETURNING \(unescaped: Self.bankColumns)
                """, logger: logger)
            return try await onlyBank(rows, id: name)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw BulwarkError.conflict("a bank named \"\(name)\" already exists")
        }
    }

    public func listBanks() async throws -> [Bank] {
        let rows = try await client.query("SELECT \(unescaped: Self.bankColumns) FROM banks ORDER BY id", logger: logger)
        return try await collect(rows.decode(BankRow.self)).map(Self.bank(from:))
    }

    public func bank(id: Int64) async throws -> Bank {
        let rows = try await client.query("SELECT \(unescaped: Self.bankColumns) FROM banks WHERE id = \(id)", logger: logger)
        return try await onlyBank(rows, id: "\(id)")
    }

    public func bank(named name: String) async throws -> Bank {
        let rows = try await client.query("SELECT \(unescaped: Self.bankColumns) FROM banks WHERE name = \(name)", logger: logger)
        return try await onlyBank(rows, id: name)
    }

    public func updateBank(id: Int64, _ changes: BankChanges) async throws -> Bank {
        let newName = try changes.name.map { name throws(BulwarkError) in try Bank.validatedName(name) }
        do {
            let rows = try await client.query(
                """
                UPDATE banks SET
                    name = COALESCE(\(newName), name),
                    enabled = COALESCE(\(changes.enabled), enabled),
                    holds_known_real_victims = COALESCE(\(changes.holdsKnownRealVictims), holds_known_real_victims),
                    description = COALESCE(\(changes.description), description),
                    updated_at = \(StoreClock.nowMillis())
                WHERE id = \(id)
                RETURNING \(unescaped: Self.bankColumns)
                """, logger: logger)
            return try await onlyBank(rows, id: "\(id)")
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw BulwarkError.conflict("a bank named \"\(newName ?? "")\" already exists")
        }
    }

    public func deleteBank(id: Int64) async throws {
        try await inTransaction { connection in
            let rows = try await connection.query("SELECT id FROM banks WHERE id = \(id) FOR UPDATE", logger: self.logger)
            guard try await self.collect(rows.decode(Int64.self)).first != nil else {
                throw BulwarkError.notFound(what: "bank", id: "\(id)")
            }
            try await connection.query(
                """
                INSERT INTO bank_tombstones (bank_id, entry_id, signal_type, value, removed_at, reason)
                SELECT bank_id, id, signal_type, value, \(StoreClock.nowMillis()), 'bank deleted'
                FROM bank_entries WHERE bank_id = \(id) ORDER BY id
                """, logger: self.logger)
            try await connection.query("DELETE FROM bank_entries WHERE bank_id = \(id)", logger: self.logger)
            try await connection.query("DELETE FROM banks WHERE id = \(id)", logger: self.logger)
        }
    }

    // MARK: Entries

    private static let entryColumns = "id, bank_id, signal_type, value, source, category, ai_generated, note, added_at"
    private typealias EntryRow = (Int64, Int64, String, String, String?, String?, String, String?, Int64)

    public func addEntry(bankID: Int64, _ draft: EntryDraft) async throws -> BankEntry {
        _ = try await bank(id: bankID)
        try await client.withConnection { connection in
            try await PostgresImportTransaction.upsert([draft], bankID: bankID, on: connection, logger: self.logger)
        }
        guard let entry = try await entry(bankID: bankID, signal: draft.signal) else {
            throw BulwarkError.notFound(what: "entry", id: draft.signal.description)
        }
        return entry
    }

    public func removeEntry(bankID: Int64, entryID: Int64, reason: String) async throws -> Tombstone {
        try await inTransaction { connection in
            let rows = try await connection.query(
                "DELETE FROM bank_entries WHERE id = \(entryID) AND bank_id = \(bankID) RETURNING \(unescaped: Self.entryColumns)",
                logger: self.logger)
            guard let removed = try await self.collect(rows.decode(EntryRow.self)).first.map(Self.entry(from:)) else {
                throw BulwarkError.notFound(what: "entry", id: "\(entryID) in bank \(bankID)")
            }
            let now = StoreClock.nowMillis()
            let inserted = try await connection.query(
                """
                INSERT INTO bank_tombstones (bank_id, entry_id, signal_type, value, removed_at, reason)
                VALUES (\(bankID), \(entryID), \(removed.signal.type.rawValue), \(removed.signal.value), \(now), \(reason))
                RETURNING id
                """, logger: self.logger)
            let id = try await self.collect(inserted.decode(Int64.self)).first ?? 0
            return Tombstone(
                id: id, bankID: bankID, entryID: entryID, signal: removed.signal,
                removedAt: StoreClock.date(millis: now), reason: reason)
        }
    }

    public func entry(bankID: Int64, signal: Signal) async throws -> BankEntry? {
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.entryColumns) FROM bank_entries
            WHERE bank_id = \(bankID) AND signal_type = \(signal.type.rawValue) AND value = \(signal.value)
            """, logger: logger)
        return try await collect(rows.decode(EntryRow.self)).first.map(Self.entry(from:))
    }

    public func entries(bankID: Int64, afterID: Int64, limit: Int) async throws -> [BankEntry] {
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.entryColumns) FROM bank_entries
            WHERE bank_id = \(bankID) AND id > \(afterID) ORDER BY id LIMIT \(limit)
            """, logger: logger)
        return try await collect(rows.decode(EntryRow.self)).map(Self.entry(from:))
    }

    public func tombstones(bankID: Int64, afterID: Int64, limit: Int) async throws -> [Tombstone] {
        let rows = try await client.query(
            """
            SELECT id, bank_id, entry_id, signal_type, value, removed_at, reason FROM bank_tombstones
            WHERE bank_id = \(bankID) AND id > \(afterID) ORDER BY id LIMIT \(limit)
            """, logger: logger)
        return try await collect(rows.decode((Int64, Int64, Int64, String, String, Int64, String).self)).map { row in
            Tombstone(
                id: row.0, bankID: row.1, entryID: row.2, signal: Signal(type: SignalType(rawValue: row.3), value: row.4),
                removedAt: StoreClock.date(millis: row.5), reason: row.6)
        }
    }

    public func enabledEntries(of type: SignalType, afterID: Int64, limit: Int) async throws -> [BankEntry] {
        let rows = try await client.query(
            """
            SELECT e.id, e.bank_id, e.signal_type, e.value, e.source, e.category, e.ai_generated, e.note, e.added_at
            FROM bank_entries e JOIN banks b ON b.id = e.bank_id
            WHERE e.signal_type = \(type.rawValue) AND e.id > \(afterID) AND b.enabled ORDER BY e.id LIMIT \(limit)
            """, logger: logger)
        return try await collect(rows.decode(EntryRow.self)).map(Self.entry(from:))
    }

    public func counts(bankID: Int64) async throws -> BankCounts {
        _ = try await bank(id: bankID)
        let rows = try await client.query(
            "SELECT signal_type, COUNT(*) FROM bank_entries WHERE bank_id = \(bankID) GROUP BY signal_type", logger: logger)
        var byType: [SignalType: Int] = [:]
        for (type, count) in try await collect(rows.decode((String, Int64).self)) {
            byType[SignalType(rawValue: type)] = Int(count)
        }
        let tombstones = try await collect(
            client.query("SELECT COUNT(*) FROM bank_tombstones WHERE bank_id = \(bankID)", logger: logger).decode(Int64.self)
        ).first ?? 0
        return BankCounts(entries: byType.values.reduce(0, +), entriesByType: byType, tombstones: Int(tombstones))
    }

    // MARK: Import

    public func withImportTransaction<Result: Sendable>(
        bankID: Int64, _ body: (any BankImportTransaction) async throws -> Result
    ) async throws -> Result {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: self.logger)
            do {
                let locked = try await self.collect(
                    connection.query(
                        "SELECT pg_try_advisory_xact_lock(4243, \(Int32(truncatingIfNeeded: bankID)))", logger: self.logger
                    ).decode(Bool.self)
                ).first ?? false
                guard locked else {
                    throw BulwarkError.conflict(
                        "another import into bank \(bankID) is running; try again when it has finished")
                }
                let exists = try await self.collect(
                    connection.query("SELECT id FROM banks WHERE id = \(bankID) FOR SHARE", logger: self.logger)
                        .decode(Int64.self))
                guard !exists.isEmpty else { throw BulwarkError.notFound(what: "bank", id: "\(bankID)") }
                let result = try await body(
                    PostgresImportTransaction(connection: connection, bankID: bankID, logger: self.logger))
                let logger = self.logger
                try await PostgresConnectionWatch.run("the import's commit", on: connection) {
                    try await connection.query("COMMIT", logger: logger)
                }
                return result
            } catch {
                // Nothing is committed: the server rolls back an unfinished transaction
                // itself when the connection is gone, so a dead connection needs no ROLLBACK.
                if !connection.isClosed {
                    let logger = self.logger
                    _ = try? await PostgresConnectionWatch.run("the import's rollback", on: connection) {
                        try await connection.query("ROLLBACK", logger: logger)
                    }
                }
                throw Self.describedImportError(error)
            }
        }
    }

    public func close() async throws {
        runTask.cancel()
        await runTask.value
    }

    // MARK: Helpers

    private func inTransaction<T>(_ work: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: self.logger)
            do {
                let result = try await work(connection)
                let logger = self.logger
                try await PostgresConnectionWatch.run("the import's commit", on: connection) {
                    try await connection.query("COMMIT", logger: logger)
                }
                return result
            } catch {
                // Nothing is committed: the server rolls back an unfinished transaction
                // itself when the connection is gone, so a dead connection needs no ROLLBACK.
                if !connection.isClosed {
                    let logger = self.logger
                    _ = try? await PostgresConnectionWatch.run("the import's rollback", on: connection) {
                        try await connection.query("ROLLBACK", logger: logger)
                    }
                }
                throw Self.describedImportError(error)
            }
        }
    }

    private func collect<S: AsyncSequence>(_ sequence: S) async throws -> [S.Element] {
        var result: [S.Element] = []
        for try await element in sequence { result.append(element) }
        return result
    }

    private func onlyBank(_ rows: PostgresRowSequence, id: String) async throws -> Bank {
        guard let row = try await collect(rows.decode(BankRow.self)).first else {
            throw BulwarkError.notFound(what: "bank", id: id)
        }
        return Self.bank(from: row)
    }

    private static func bank(from row: BankRow) -> Bank {
        Bank(
            id: row.0, name: row.1, enabled: row.2, holdsKnownRealVictims: row.3, description: row.4,
            createdAt: StoreClock.date(millis: row.5), updatedAt: StoreClock.date(millis: row.6))
    }

    private static func entry(from row: EntryRow) -> BankEntry {
        BankEntry(
            id: row.0, bankID: row.1, signal: Signal(type: SignalType(rawValue: row.2), value: row.3),
            labels: EntryLabels(
                source: row.4, category: row.5, aiGenerated: AIGenerated(rawValue: row.6) ?? .unknown, note: row.7),
            addedAt: StoreClock.date(millis: row.8))
    }

    /// A driver error of an import as a ``BulwarkError`` that says what happened (the
    /// driver's own description hides the server's message).
    static func describedImportError(_ error: any Error) -> any Error {
        guard let error = error as? PSQLError else { return error }
        let detail = error.serverInfo?[.message] ?? "\(error.code)"
        return BulwarkError.io(path: "PostgreSQL", reason: "the import failed and nothing was committed: \(detail)")
    }

    private static func mapped(_ error: any Error, url: PostgresURL) -> any Error {
        if error is BulwarkError { return error }
        if let error = error as? PSQLError {
            let detail = error.serverInfo?[.message] ?? "\(error.code)"
            return BulwarkError.io(path: url.description, reason: "cannot open PostgreSQL store: \(detail)")
        }
        return BulwarkError.io(path: url.description, reason: "cannot open PostgreSQL store: \(error)")
    }
}

/// The SQLite schema of the bank store, as numbered migrations.
enum SQLiteSchema {
    static let migrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)
        """

    static let migrations: [Migration] = [
        Migration(version: 1, name: "banks, entries, tombstones", statements: [
            """
            CREATE TABLE banks (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL UNIQUE,
                enabled INTEGER NOT NULL DEFAULT 1,
                holds_known_real_victims INTEGER NOT NULL DEFAULT 0,
                description TEXT NOT NULL DEFAULT '',
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL)
            """,
            """
            CREATE TABLE bank_entries (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                bank_id INTEGER NOT NULL REFERENCES banks(id) ON DELETE CASCADE,
                signal_type TEXT NOT NULL,
                value TEXT NOT NULL,
                source TEXT,
                category TEXT,
                ai_generated TEXT NOT NULL DEFAULT 'unknown',
                note TEXT,
                added_at INTEGER NOT NULL,
                UNIQUE (bank_id, signal_type, value))
            """,
            """
            CREATE TABLE bank_tombstones (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                bank_id INTEGER NOT NULL,
                entry_id INTEGER NOT NULL,
                signal_type TEXT NOT NULL,
                value TEXT NOT NULL,
                removed_at INTEGER NOT NULL,
                reason TEXT NOT NULL)
            """,
            "CREATE INDEX bank_tombstones_by_bank ON bank_tombstones (bank_id, id)",
            "CREATE INDEX bank_entries_by_type ON bank_entries (signal_type, id)",
        ]),
        // Paging through one bank (exports, listings, the index loader) walks entries by id;
        // without this the UNIQUE (bank_id, signal_type, value) index made every page a sort.
        Migration(version: 2, name: "entries by bank and id", statements: [
            "CREATE INDEX bank_entries_by_bank ON bank_entries (bank_id, id)",
        ]),
    ]
}

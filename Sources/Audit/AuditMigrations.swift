import Store

/// The audit tables as migrations 300-349 in the shared `schema_migrations` table.
///
/// `audit_log` holds the chain (the canonical event text is what is hashed; `subject` and
/// `at` are copies for indexed queries, checked against it by verification). `audit_head`
/// holds one row, the last sequence and hash, updated in the same transaction as each
/// append; PostgreSQL appends lock that row, which serialises them.
public enum AuditMigrations {
    /// SQLite versions.
    public static let sqlite: [Migration] = [
        Migration(version: 300, name: "audit chain", statements: [
            """
            CREATE TABLE audit_log (
                sequence INTEGER PRIMARY KEY,
                event TEXT NOT NULL,
                subject TEXT NOT NULL,
                at INTEGER NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL)
            """,
            "CREATE INDEX audit_log_by_subject ON audit_log (subject, sequence)",
            "CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), sequence INTEGER NOT NULL, hash TEXT NOT NULL)",
            "INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, '\(ChainHash.genesis)')",
        ]),
    ]

    /// PostgreSQL versions.
    public static let postgres: [Migration] = [
        Migration(version: 300, name: "audit chain", statements: [
            """
            CREATE TABLE audit_log (
                sequence BIGINT PRIMARY KEY,
                event TEXT NOT NULL,
                subject TEXT NOT NULL,
                at BIGINT NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL)
            """,
            "CREATE INDEX audit_log_by_subject ON audit_log (subject, sequence)",
            "CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), sequence BIGINT NOT NULL, hash TEXT NOT NULL)",
            "INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, '\(ChainHash.genesis)')",
        ]),
    ]
}

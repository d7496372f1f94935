import Store

/// The evidence metadata table as migrations 350-399 in the shared `schema_migrations` table.
public enum EvidenceMigrations {
    /// SQLite versions.
    public static let sqlite: [Migration] = [
        Migration(version: 350, name: "evidence items", statements: [
            """
            CREATE TABLE evidence_items (
                id TEXT PRIMARY KEY,
                case_reference TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                byte_size INTEGER NOT NULL,
                media_type TEXT NOT NULL,
                stored_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                key_id TEXT NOT NULL)
            """,
            "CREATE INDEX evidence_items_by_expiry ON evidence_items (expires_at, id)",
            "CREATE INDEX evidence_items_by_case ON evidence_items (case_reference, stored_at)",
        ]),
    ]

    /// PostgreSQL versions.
    public static let postgres: [Migration] = [
        Migration(version: 350, name: "evidence items", statements: [
            """
            CREATE TABLE evidence_items (
                id TEXT PRIMARY KEY,
                case_reference TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                byte_size BIGINT NOT NULL,
                media_type TEXT NOT NULL,
                stored_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                key_id TEXT NOT NULL)
            """,
            "CREATE INDEX evidence_items_by_expiry ON evidence_items (expires_at, id)",
            "CREATE INDEX evidence_items_by_case ON evidence_items (case_reference, stored_at)",
        ]),
    ]
}

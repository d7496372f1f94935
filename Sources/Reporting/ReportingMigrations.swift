import Store

/// The `report_submissions` table, migrations 400-499 in the shared `schema_migrations`.
/// The whole ``ReportSubmission`` is kept as JSON in `state`; `status`, `created_at` and
/// `remote_report_id` are columns for listing and lookup.
public enum ReportingMigrations {
    /// SQLite versions.
    public static let sqlite: [Migration] = [
        Migration(version: 400, name: "report submissions", statements: [
            """
            CREATE TABLE report_submissions (
                id TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                destination TEXT NOT NULL,
                remote_report_id TEXT,
                state TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL)
            """,
            "CREATE INDEX report_submissions_created ON report_submissions (created_at, id)",
        ]),
    ]

    /// PostgreSQL versions.
    public static let postgres: [Migration] = [
        Migration(version: 400, name: "report submissions", statements: [
            """
            CREATE TABLE report_submissions (
                id TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                destination TEXT NOT NULL,
                remote_report_id TEXT,
                state TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX report_submissions_created ON report_submissions (created_at, id)",
        ]),
    ]
}

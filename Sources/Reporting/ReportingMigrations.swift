import Store

/// The `report_submissions` table, migrations 400-499 in the shared `schema_migrations`.
/// The whole ``ReportSubmission`` is kept as JSON in `state`; `status`, `created_at` and
/// `remote_report_id` are columns for listing and lookup.
///
/// 401 adds the resume lease (`lease_owner`, `lease_until` in ms since 1970; see
/// ``ReportSubmissionStore/claim(submissionID:owner:until:now:)``). 402 adds `case_id`, the
/// review case a submission reports, with a partial unique index that allows one live (not
/// retracted) submission per case; existing rows keep `case_id` NULL.
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
        Migration(version: 401, name: "report submission leases", statements: [
            "ALTER TABLE report_submissions ADD COLUMN lease_owner TEXT",
            "ALTER TABLE report_submissions ADD COLUMN lease_until INTEGER",
        ]),
        Migration(version: 402, name: "report submissions by case", statements: [
            "ALTER TABLE report_submissions ADD COLUMN case_id INTEGER",
            liveCaseIndex,
        ]),
    ]

    /// One live (not retracted) submission per case; what ``ReportSubmissionStore/createForCase(_:)`` relies on.
    static let liveCaseIndex = """
        CREATE UNIQUE INDEX report_submissions_live_case ON report_submissions (case_id)
        WHERE case_id IS NOT NULL AND status <> 'retracted'
        """

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
        Migration(version: 401, name: "report submission leases", statements: [
            "ALTER TABLE report_submissions ADD COLUMN lease_owner TEXT",
            "ALTER TABLE report_submissions ADD COLUMN lease_until BIGINT",
        ]),
        Migration(version: 402, name: "report submissions by case", statements: [
            "ALTER TABLE report_submissions ADD COLUMN case_id BIGINT",
            liveCaseIndex,
        ]),
    ]
}

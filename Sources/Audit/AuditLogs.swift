import Store

/// Opens the ``AuditLog`` beside the banks, in the same database.
public enum AuditLogs {
    /// The audit log in the PostgreSQL database `databaseURL` names, otherwise in the SQLite
    /// file of `dataDirectory` (default: `$BULWARK_DATA_DIR` or `./bulwark-data`).
    /// `anchorPath`, when given, is an ``AuditAnchorFile`` advanced after every append and
    /// checked by ``AuditLog/verify(pageSize:)``.
    public static func open(dataDirectory: String?, databaseURL: String?, anchorPath: String? = nil) async throws -> any AuditLog {
        let anchor = anchorPath.flatMap { $0.isEmpty ? nil : AuditAnchorFile(path: $0) }
        if let databaseURL, !databaseURL.isEmpty {
            return try await PostgresAuditLog(url: try PostgresURL(databaseURL), anchorFile: anchor)
        }
        return try SQLiteAuditLog(path: try SharedDatabase.sqlitePath(dataDirectory: dataDirectory), anchorFile: anchor)
    }
}

import Store

/// Opens the configured ``CaseStore`` beside the bank store, in the same database.
public enum CaseStores {
    /// The case store in the PostgreSQL database `databaseURL` names, otherwise in the
    /// SQLite file (`bulwark.sqlite`) of the data directory (default: `$BULWARK_DATA_DIR`
    /// or `./bulwark-data`).
    public static func open(dataDirectory: String?, databaseURL: String?) async throws -> any CaseStore {
        if let databaseURL, !databaseURL.isEmpty {
            return try await PostgresCaseStore(url: try PostgresURL(databaseURL))
        }
        return try SQLiteCaseStore(dataDirectory: dataDirectory)
    }
}

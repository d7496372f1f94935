import BulwarkCore

/// Opens the ``ServiceStore`` beside a bank store, in the same database.
public enum ServiceStores {
    /// The service store in the database `databaseURL` names (PostgreSQL), otherwise in the
    /// SQLite file of the data directory.
    public static func open(dataDirectory: String?, databaseURL: String?) async throws -> any ServiceStore {
        if let databaseURL, !databaseURL.isEmpty {
            return try await PostgresServiceStore(url: try PostgresURL(databaseURL))
        }
        let directory = dataDirectory ?? BankStores.defaultDataDirectory()
        return try SQLiteServiceStore(path: directory + "/" + SQLiteBankStore.fileName)
    }
}

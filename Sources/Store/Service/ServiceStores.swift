import BulwarkCore
import Foundation

/// Opens the ``ServiceStore`` beside a bank store, in the same database.
public enum ServiceStores {
    /// The service store in the database `databaseURL` names (PostgreSQL), otherwise in the
    /// SQLite file of the data directory.
    public static func open(dataDirectory: String?, databaseURL: String?) async throws -> any ServiceStore {
        if let databaseURL, !databaseURL.isEmpty {
            return try await PostgresServiceStore(url: try PostgresURL(databaseURL))
        }
        let directory = dataDirectory ?? BankStores.defaultDataDirectory()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BulwarkError.io(path: directory, reason: "cannot create data directory: \(error)")
        }
        return try SQLiteServiceStore(path: directory + "/" + SQLiteBankStore.fileName)
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import BulwarkCore

/// Opens the configured bank store: PostgreSQL when a `postgres://` URL is given, otherwise
/// the SQLite file in the data directory.
public enum BankStores {
    /// The data directory when none is given: `$BULWARK_DATA_DIR`, else `./bulwark-data`.
    public static func defaultDataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["BULWARK_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./bulwark-data"
    }

    /// Opens a store. `databaseURL`, when set, must be a `postgres://` or `postgresql://` URL.
    public static func open(dataDirectory: String?, databaseURL: String?) async throws -> any BankStore {
        if let databaseURL, !databaseURL.isEmpty {
            return try await PostgresBankStore(url: try PostgresURL(databaseURL))
        }
        return try SQLiteBankStore(dataDirectory: dataDirectory ?? defaultDataDirectory())
    }
}

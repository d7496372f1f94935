#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore
import Store

/// Opens the ``EvidenceVault`` beside the banks.
public enum EvidenceVaults {
    /// A vault whose metadata is in the PostgreSQL database `databaseURL` names, otherwise
    /// in the SQLite file of the data directory; files always go under
    /// `<dataDirectory>/evidence` (default data directory: `$BULWARK_DATA_DIR` or `./bulwark-data`).
    public static func open(
        dataDirectory: String?, databaseURL: String?, settings: EvidenceSettings, recorder: any AuditRecorder,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> EvidenceVault {
        let directory = dataDirectory ?? BankStores.defaultDataDirectory()
        let catalog: any EvidenceCatalog
        if let databaseURL, !databaseURL.isEmpty {
            catalog = try await PostgresEvidenceCatalog(url: try PostgresURL(databaseURL))
        } else {
            catalog = try SQLiteEvidenceCatalog(path: try SharedDatabase.sqlitePath(dataDirectory: directory))
        }
        do {
            return try EvidenceVault(dataDirectory: directory, catalog: catalog, settings: settings, recorder: recorder, clock: clock)
        } catch {
            try? await catalog.close()
            throw error
        }
    }
}

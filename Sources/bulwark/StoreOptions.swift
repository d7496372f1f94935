import ArgumentParser
import Audit
import BulwarkCore
import Foundation
import Store

/// The options that choose the bank store, shared by `banks`, `import` and `export`.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $BULWARK_DATA_DIR or ./bulwark-data).")
    var dataDirectory: String?

    @Option(name: .customLong("database"), help: "Use PostgreSQL instead of SQLite: postgres://user:pass@host:port/db")
    var databaseURL: String?

    /// Opens the chosen store.
    func openStore() async throws -> any BankStore {
        try await BankStores.open(dataDirectory: dataDirectory, databaseURL: databaseURL)
    }

    /// Appends a change made from the command line to the audit chain of the chosen store.
    /// The actor is `cli:` and the operating-system user.
    func audit(_ action: String, subject: String, details: [String: String] = [:]) async throws {
        let log = try await AuditLogs.open(dataDirectory: dataDirectory, databaseURL: databaseURL)
        let user = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
        do {
            try await log.record(AuditEvent(actor: "cli:\(user)", action: action, subject: subject, details: details))
            try await log.close()
        } catch {
            try? await log.close()
            throw BulwarkError.io(path: "audit log", reason: "the change was made but could not be audited: \(error)")
        }
    }
}

extension BankStore {
    /// Runs `work` with the store and closes it afterwards, also when `work` throws.
    func using<T>(_ work: (any BankStore) async throws -> T) async throws -> T {
        do {
            let result = try await work(self)
            try await close()
            return result
        } catch {
            try? await close()
            throw error
        }
    }
}

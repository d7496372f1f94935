import ArgumentParser
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

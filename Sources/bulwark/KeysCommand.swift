import ArgumentParser
import BulwarkServer
import Foundation
import Store

/// `bulwark keys create|list|revoke`: API keys of the HTTP API, stored hashed in the
/// same database as the banks.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke API keys for `bulwark serve`.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print it once (only its SHA-256 is stored).",
            discussion: "Roles: admin (everything), curator (banks, entries, import, export), matcher (hash, match, compare), reviewer (read-only).")
        @Option(help: "admin, curator, matcher or reviewer.") var role: String
        @Option(help: "Who or what uses the key.") var name: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let role = APIRole(rawValue: role.lowercased()) else {
                throw ValidationError("--role must be one of \(APIRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let (record, key) = try await store.withServiceStore { service in
                try await APIKeys(store: service).create(name: name, role: role)
            }
            try await store.audit("key.create", subject: "key:\(record.keyID)", details: ["role": record.role.rawValue, "name": record.name])
            print(key)
            FileHandle.standardError.write(Data("created key \(record.keyID) (\(record.role)) for \"\(record.name)\"; it is shown only now\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (ids, names, roles; never secrets).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let keys = try await store.withServiceStore { try await $0.listAPIKeys() }
            print(["id", "key_id", "role", "name", "created_at", "revoked_at"].joined(separator: "\t"))
            for key in keys {
                print([
                    String(key.id), key.keyID, key.role.rawValue, key.name, key.createdAt.formatted(.iso8601),
                    key.revokedAt.map { $0.formatted(.iso8601) } ?? "-",
                ].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by its key id (or row id).")
        @Argument(help: "The key id shown by `keys list` (or the row id).") var key: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let record = try await store.withServiceStore { try await $0.revokeAPIKey(key) }
            try await store.audit("key.revoke", subject: "key:\(record.keyID)", details: ["role": record.role.rawValue, "name": record.name])
            print("revoked \(record.keyID) (\(record.role), \"\(record.name)\")")
        }
    }
}

extension StoreOptions {
    /// Runs `work` with the service store (keys, webhooks) of the same database as the
    /// banks, opened after the bank store has created the directory and its own tables,
    /// and closes it afterwards.
    func withServiceStore<T>(_ work: (any ServiceStore) async throws -> T) async throws -> T {
        try await openStore().close()
        let service = try await ServiceStores.open(dataDirectory: dataDirectory, databaseURL: databaseURL)
        do {
            let result = try await work(service)
            try? await service.close()
            return result
        } catch {
            try? await service.close()
            throw error
        }
    }
}

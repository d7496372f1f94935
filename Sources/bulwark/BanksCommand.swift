import ArgumentParser
import BulwarkCore
import Store

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// `bulwark banks ...`: create, list, show, rename, enable, disable and delete banks.
struct BanksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "banks",
        abstract: "Manage hash banks.",
        subcommands: [Create.self, List.self, Show.self, Rename.self, Enable.self, Disable.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a bank.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "A unique name.") var name: String
        @Option(help: "What the bank holds and where it comes from.") var description: String = ""
        @Flag(help: "The bank holds material of known real victims (raises review priority).")
        var knownRealVictims = false
        @Flag(help: "Create the bank disabled for matching.") var disabled = false

        func run() async throws {
            let bank = try await store.openStore().using { store in
                try await store.createBank(
                    BankDraft(name: name, enabled: !disabled, holdsKnownRealVictims: knownRealVictims, description: description))
            }
            try await store.audit("bank.create", subject: "bank:\(bank.id)", details: ["name": bank.name])
            print("created bank \(bank.id) \"\(bank.name)\"")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List banks with their entry counts.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.openStore().using { store in
                print("id\tname\tenabled\tknown-real-victims\tentries")
                for bank in try await store.listBanks() {
                    let counts = try await store.counts(bankID: bank.id)
                    print("\(bank.id)\t\(bank.name)\t\(bank.enabled ? "yes" : "no")\t\(bank.holdsKnownRealVictims ? "yes" : "no")\t\(counts.entries)")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one bank's settings and counts.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Bank id or name.") var bank: String

        func run() async throws {
            try await store.openStore().using { store in
                let bank = try await store.bank(reference: self.bank)
                let counts = try await store.counts(bankID: bank.id)
                print("id: \(bank.id)")
                print("name: \(bank.name)")
                print("enabled: \(bank.enabled ? "yes" : "no")")
                print("known real victims: \(bank.holdsKnownRealVictims ? "yes" : "no")")
                print("description: \(bank.description)")
                print("created: \(bank.createdAt.formatted(.iso8601))")
                print("updated: \(bank.updatedAt.formatted(.iso8601))")
                print("entries: \(counts.entries)")
                for (type, count) in counts.entriesByType.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    print("  \(type): \(count)")
                }
                print("removed entries (tombstones): \(counts.tombstones)")
            }
        }
    }

    struct Rename: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a bank.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Bank id or name.") var bank: String
        @Argument(help: "The new name.") var newName: String

        func run() async throws {
            let renamed = try await store.openStore().using { store in
                try await store.renameBank(id: try await store.bank(reference: bank).id, to: newName)
            }
            try await store.audit("bank.rename", subject: "bank:\(renamed.id)", details: ["name": renamed.name])
            print("bank \(renamed.id) is now \"\(renamed.name)\"")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a bank for matching.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Bank id or name.") var bank: String

        func run() async throws {
            let updated = try await store.openStore().using { store in
                try await store.setBankEnabled(id: try await store.bank(reference: bank).id, true)
            }
            try await store.audit("bank.enable", subject: "bank:\(updated.id)")
            print("bank \(updated.id) \"\(updated.name)\" enabled")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a bank for matching (its entries are kept).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Bank id or name.") var bank: String

        func run() async throws {
            let updated = try await store.openStore().using { store in
                try await store.setBankEnabled(id: try await store.bank(reference: bank).id, false)
            }
            try await store.audit("bank.disable", subject: "bank:\(updated.id)")
            print("bank \(updated.id) \"\(updated.name)\" disabled")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a bank. Its entries are removed and leave tombstones for the audit trail.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Bank id or name.") var bank: String
        @Flag(help: "Confirm the deletion.") var yes = false

        func run() async throws {
            guard yes else { throw ValidationError("deleting a bank removes its entries; add --yes to confirm") }
            let name = try await store.openStore().using { store in
                let bank = try await store.bank(reference: self.bank)
                try await store.deleteBank(id: bank.id)
                return bank.name
            }
            try await store.audit("bank.delete", subject: "bank:\(self.bank)", details: ["name": name])
            print("deleted bank \"\(name)\"")
        }
    }
}

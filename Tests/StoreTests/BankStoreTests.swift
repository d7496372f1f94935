import BulwarkCore
import Foundation
import Store
import Testing

@Suite("Bank store (both backends)")
struct BankStoreTests {
    @Test(arguments: StoreBackend.allCases)
    func bankLifecycle(_ backend: StoreBackend) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let store = test.store
        let name = "lifecycle-\(UUID().uuidString.prefix(8))"
        let bank = try await store.createBank(BankDraft(name: name, holdsKnownRealVictims: true, description: "test list"))
        #expect(bank.name == name)
        #expect(bank.enabled)
        #expect(bank.holdsKnownRealVictims)
        #expect(bank.description == "test list")

        await #expect(throws: BulwarkError.conflict("a bank named \"\(name)\" already exists")) {
            _ = try await store.createBank(BankDraft(name: name))
        }
        await #expect(throws: BulwarkError.self) { _ = try await store.createBank(BankDraft(name: "  ")) }
        await #expect(throws: BulwarkError.self) { _ = try await store.createBank(BankDraft(name: "12345")) }

        #expect(try await store.listBanks().contains(where: { $0.id == bank.id }))
        #expect(try await store.bank(named: name).id == bank.id)
        #expect(try await store.bank(reference: "\(bank.id)").name == name)

        let renamed = try await store.renameBank(id: bank.id, to: name + "-renamed")
        #expect(renamed.name == name + "-renamed")
        #expect(try await store.bank(id: bank.id).name == name + "-renamed")

        #expect(try await store.setBankEnabled(id: bank.id, false).enabled == false)
        #expect(try await store.bank(id: bank.id).enabled == false)
        #expect(try await store.setBankEnabled(id: bank.id, true).enabled)

        let other = try await test.makeBank()
        await #expect(throws: BulwarkError.self) { _ = try await store.renameBank(id: other.id, to: name + "-renamed") }

        _ = try await store.addEntry(bankID: bank.id, EntryDraft(signal: Signal(type: .md5, value: Fixtures.md5(1))))
        try await store.deleteBank(id: bank.id)
        await #expect(throws: BulwarkError.notFound(what: "bank", id: "\(bank.id)")) { _ = try await store.bank(id: bank.id) }
        await #expect(throws: BulwarkError.notFound(what: "bank", id: "\(bank.id)")) { try await store.deleteBank(id: bank.id) }
        // The deleted bank's entry left a tombstone for the audit trail.
        let tombstones = try await store.tombstones(bankID: bank.id, afterID: 0, limit: 10)
        #expect(tombstones.map(\.signal) == [Signal(type: .md5, value: Fixtures.md5(1))])
        #expect(tombstones.first?.reason == "bank deleted")
    }

    @Test(arguments: StoreBackend.allCases)
    func migrationsAreRecordedAndRunOnce(_ backend: StoreBackend) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let again = try await test.reopen()
        if let sqlite = again as? SQLiteBankStore {
            #expect(try await sqlite.appliedMigrations().filter { $0 < 100 } == [1, 2])
        } else if let postgres = again as? PostgresBankStore {
            #expect(try await postgres.appliedMigrations().filter { $0 < 100 } == [1, 2])
        }
        try await again.close()
    }

    @Test(arguments: StoreBackend.allCases)
    func entriesMergeAndLeaveTombstones(_ backend: StoreBackend) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let store = test.store
        let bank = try await test.makeBank()
        let signal = Signal(type: .pdq, value: Fixtures.pdq(7))
        let first = try await store.addEntry(
            bankID: bank.id, EntryDraft(signal: signal, labels: EntryLabels(source: "list-a", category: "A", note: "first")))
        #expect(first.labels == EntryLabels(source: "list-a", category: "A", aiGenerated: .unknown, note: "first"))
        let merged = try await store.addEntry(
            bankID: bank.id, EntryDraft(signal: signal, labels: EntryLabels(category: "B", aiGenerated: .yes)))
        #expect(merged.id == first.id)
        #expect(merged.labels == EntryLabels(source: "list-a", category: "B", aiGenerated: .yes, note: "first"))
        _ = try await store.addEntry(bankID: bank.id, EntryDraft(signal: Signal(type: .md5, value: Fixtures.md5(7))))

        var counts = try await store.counts(bankID: bank.id)
        #expect(counts.entries == 2)
        #expect(counts.entriesByType == [.pdq: 1, .md5: 1])

        let tombstone = try await store.removeEntry(bankID: bank.id, entryID: first.id, reason: "false positive")
        #expect(tombstone.entryID == first.id)
        #expect(tombstone.signal == signal)
        #expect(tombstone.reason == "false positive")
        #expect(try await store.entry(bankID: bank.id, signal: signal) == nil)
        counts = try await store.counts(bankID: bank.id)
        #expect(counts.entries == 1)
        #expect(counts.tombstones == 1)
        #expect(try await store.tombstones(bankID: bank.id, afterID: 0, limit: 10) == [tombstone])
        await #expect(throws: BulwarkError.self) {
            _ = try await store.removeEntry(bankID: bank.id, entryID: first.id, reason: "again")
        }
        await #expect(throws: BulwarkError.notFound(what: "bank", id: "999999999")) {
            _ = try await store.addEntry(bankID: 999_999_999, EntryDraft(signal: signal))
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func enabledEntriesStreamSkipsDisabledBanks(_ backend: StoreBackend) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let store = test.store
        // A type of its own, so other tests sharing the PostgreSQL database do not interfere.
        let type = SignalType("test_\(UUID().uuidString.prefix(8).lowercased())")
        let on = try await test.makeBank("on")
        let off = try await test.makeBank("off", enabled: false)
        var expected: [Signal] = []
        for index in 0..<11 {
            let signal = Signal(type: type, value: "v\(index)")
            _ = try await store.addEntry(bankID: on.id, EntryDraft(signal: signal))
            _ = try await store.addEntry(bankID: off.id, EntryDraft(signal: Signal(type: type, value: "off\(index)")))
            expected.append(signal)
        }
        _ = try await store.addEntry(bankID: on.id, EntryDraft(signal: Signal(type: .md5, value: Fixtures.md5(3))))
        var seen: [Signal] = []
        for try await entry in store.allEnabledEntries(of: type, pageSize: 4) {
            #expect(entry.bankID == on.id)
            seen.append(entry.signal)
        }
        #expect(seen == expected)

        _ = try await store.setBankEnabled(id: off.id, true)
        var count = 0
        for try await _ in store.allEnabledEntries(of: type, pageSize: 5) { count += 1 }
        #expect(count == 22)
    }
}

import BulwarkCore
import Foundation
import MatchIndex
import Pipeline
import Store
import Testing

/// The match service's snapshot: a restart restores it, catches up with what the store
/// gained and lost meanwhile, and answers exactly as a service rebuilt from the store.
@Suite struct MatchSnapshotTests {
    static func randomPDQ(_ random: inout some RandomNumberGenerator) -> String {
        Hash256(random.next(), random.next(), random.next(), random.next()).hex
    }

    /// A store with two banks of random PDQ entries and some MD5 entries.
    static func seededStore(_ directory: String) async throws -> (SQLiteBankStore, [Bank]) {
        let store = try SQLiteBankStore(dataDirectory: directory)
        var random = SystemRandomNumberGenerator()
        var banks: [Bank] = []
        for name in ["first", "second"] {
            let bank = try await store.createBank(BankDraft(name: name))
            banks.append(bank)
            for _ in 0..<300 { _ = try await store.addEntry(bankID: bank.id, EntryDraft(signal: Signal(type: .pdq, value: randomPDQ(&random)))) }
            for index in 0..<5 {
                _ = try await store.addEntry(bankID: bank.id, EntryDraft(signal: Signal(type: .md5, value: String(format: "%032llx", bank.id * 100 + Int64(index)))))
            }
        }
        return (store, banks)
    }

    /// Every entry of every bank as a query, answered by `service`: (query, matched entry ids).
    static func answers(_ service: MatchService, _ store: SQLiteBankStore, extra: [Signal] = []) async throws -> [String: [Int64]] {
        var queries = extra
        for bank in try await store.listBanks() {
            for try await entry in store.allEntries(bankID: bank.id) { queries.append(entry.signal) }
        }
        var result: [String: [Int64]] = [:]
        for query in queries {
            let report = try await service.match([SignalQuery(signal: query)], threshold: 0)
            result[query.type.rawValue + ":" + query.value] = report.matches.map(\.entryID).sorted()
        }
        return result
    }

    @Test func restartRestoresThenCatchesUp() async throws {
        let directory = NSTemporaryDirectory() + "bulwark-snapshot-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (store, banks) = try await Self.seededStore(directory)

        let first = MatchService(store: store)
        #expect(try await first.load(snapshotDirectory: directory) == .rebuilt(reason: "no snapshot in \(directory) yet"))
        try await first.writeSnapshot(to: directory)

        // Meanwhile the store changes: new entries, a removal, a new bank.
        var random = SystemRandomNumberGenerator()
        let addedPDQ = Signal(type: .pdq, value: Self.randomPDQ(&random))
        _ = try await store.addEntry(bankID: banks[0].id, EntryDraft(signal: addedPDQ))
        let victim = try await store.entries(bankID: banks[1].id, afterID: 0, limit: 1)[0]
        _ = try await store.removeEntry(bankID: banks[1].id, entryID: victim.id, reason: "test")
        let third = try await store.createBank(BankDraft(name: "third"))
        _ = try await store.addEntry(bankID: third.id, EntryDraft(signal: Signal(type: .pdq, value: Self.randomPDQ(&random))))

        let restored = MatchService(store: store)
        let outcome = try await restored.load(snapshotDirectory: directory)
        #expect(outcome == .restored(added: 2, removed: 1))
        #expect(restored.isReady)
        let rebuilt = MatchService(store: store)
        try await rebuilt.load()
        #expect(restored.pdqCount == rebuilt.pdqCount)
        #expect(restored.exactCount == rebuilt.exactCount)
        let expected = try await Self.answers(rebuilt, store, extra: [victim.signal])
        #expect(try await Self.answers(restored, store, extra: [victim.signal]) == expected)
        #expect(expected[victim.signal.type.rawValue + ":" + victim.signal.value] == [])
        try await store.close()
    }

    @Test func unusableSnapshotsFallBackToTheStore() async throws {
        let directory = NSTemporaryDirectory() + "bulwark-snapshot-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (store, banks) = try await Self.seededStore(directory)
        let service = MatchService(store: store)
        try await service.load()
        try await service.writeSnapshot(to: directory)

        // A disabled bank: its entries must not come back from the snapshot.
        _ = try await store.setBankEnabled(id: banks[1].id, false)
        let afterDisable = MatchService(store: store)
        let outcome = try await afterDisable.load(snapshotDirectory: directory)
        #expect(outcome == .rebuilt(reason: "bank \(banks[1].id) was deleted, disabled or replaced since the snapshot"))
        #expect(afterDisable.pdqCount == 300)
        _ = try await store.setBankEnabled(id: banks[1].id, true)

        // A damaged catalogue: refused by its checksum, rebuilt, never a crash.
        let path = directory + "/match-catalogue.snapshot"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let damaged = MatchService(store: store)
        guard case let .rebuilt(reason) = try await damaged.load(snapshotDirectory: directory) else {
            Issue.record("a damaged snapshot was used")
            return
        }
        #expect(reason.contains("could not be read"))
        #expect(damaged.pdqCount == 600)

        // A catalogue with a valid checksum but impossible content (a placement naming a
        // bank that is not listed): refused by its structure check.
        try WordSnapshot.write([1, 0, 1, UInt64(7) << 32 | 3], magic: 0x3147_4C54_4143_5742, to: path)
        let hostile = MatchService(store: store)
        guard case let .rebuilt(hostileReason) = try await hostile.load(snapshotDirectory: directory) else {
            Issue.record("an impossible catalogue was used")
            return
        }
        #expect(hostileReason.contains("bank index 3 of 0"), "\(hostileReason)")

        // Index and catalogue from different writes: refused.
        try await service.writeSnapshot(to: directory)
        let savedCatalogue = try Data(contentsOf: URL(fileURLWithPath: path))
        try await service.writeSnapshot(to: directory)
        try savedCatalogue.write(to: URL(fileURLWithPath: path))
        let mixed = MatchService(store: store)
        #expect(try await mixed.load(snapshotDirectory: directory) == .rebuilt(reason: "the PDQ index and catalogue snapshots come from different writes"))
        try await store.close()
    }
}

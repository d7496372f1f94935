import BulwarkCore
import Foundation
import MatchIndex
import Pipeline
import Store
import Testing

/// Instances sharing one store: changes another instance writes (new banks, entries,
/// removals, disabled and deleted banks) reach this one's indexes by `synchronize()`.
@Suite struct MatchSyncTests {
    @Test func changesWrittenElsewhereArePickedUp() async throws {
        let directory = NSTemporaryDirectory() + "bulwark-sync-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (store, banks) = try await MatchSnapshotTests.seededStore(directory)
        let service = MatchService(store: store)
        try await service.load()
        #expect(try await service.synchronize().isEmpty, "nothing changed yet")

        // Another instance writes straight to the store.
        var random = SystemRandomNumberGenerator()
        let added = Signal(type: .pdq, value: MatchSnapshotTests.randomPDQ(&random))
        _ = try await store.addEntry(bankID: banks[0].id, EntryDraft(signal: added))
        let victim = try await store.entries(bankID: banks[0].id, afterID: 0, limit: 1)[0]
        _ = try await store.removeEntry(bankID: banks[0].id, entryID: victim.id, reason: "test")
        _ = try await store.setBankEnabled(id: banks[1].id, false)
        let third = try await store.createBank(BankDraft(name: "third"))
        let thirdEntry = Signal(type: .pdq, value: MatchSnapshotTests.randomPDQ(&random))
        _ = try await store.addEntry(bankID: third.id, EntryDraft(signal: thirdEntry))

        let summary = try await service.synchronize()
        #expect(summary.added == 2)
        #expect(summary.removed == 1)
        #expect(summary.banksChanged == 2)
        let rebuilt = MatchService(store: store)
        try await rebuilt.load()
        #expect(service.pdqCount == rebuilt.pdqCount)
        #expect(service.exactCount == rebuilt.exactCount)
        let extra = [victim.signal, added, thirdEntry]
        #expect(try await MatchSnapshotTests.answers(service, store, extra: extra) == MatchSnapshotTests.answers(rebuilt, store, extra: extra))

        // A deleted bank leaves the index too.
        try await store.deleteBank(id: third.id)
        #expect(try await service.synchronize().banksChanged == 1)
        let report = try await service.match([SignalQuery(signal: thirdEntry)], threshold: 0)
        #expect(report.matches.isEmpty)
        #expect(try await service.synchronize().isEmpty)
        try await store.close()
    }
}

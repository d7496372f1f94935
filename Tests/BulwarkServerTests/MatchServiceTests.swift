import BulwarkCore
import Foundation
import MatchIndex
import Pipeline
import Store
import Testing

/// The match service against a SQLite store directly: loading, keeping in step, deciding.
@Suite struct MatchServiceTests {
    static func store() throws -> (SQLiteBankStore, String) {
        let directory = NSTemporaryDirectory() + "bulwark-match-\(UUID().uuidString)"
        return (try SQLiteBankStore(dataDirectory: directory), directory)
    }

    @Test func loadsOnlyEnabledBanksAndFollowsImports() async throws {
        let (store, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let on = try await store.createBank(BankDraft(name: "on"))
        let off = try await store.createBank(BankDraft(name: "off", enabled: false))
        _ = try await store.addEntry(bankID: on.id, EntryDraft(signal: Signal(type: .pdq, value: Fixtures.pdqA)))
        _ = try await store.addEntry(bankID: off.id, EntryDraft(signal: Signal(type: .md5, value: Fixtures.md5A)))

        let service = MatchService(store: store)
        #expect(!service.isReady)
        try await service.load()
        #expect(service.isReady)
        #expect(service.pdqCount == 1)
        #expect(service.exactCount == 0)

        // An import after loading: only the new entries are indexed, once.
        let mark = service.watermark(bankID: on.id)
        var source = MemoryChunkSource("signal_type,value\nmd5,\(Fixtures.md5A)\npdq,\(Fixtures.pdqA)\n")
        _ = try await BankImporter(store: store).importEntries(into: on.id, from: &source, options: ImportOptions(format: .csv))
        try await service.importFinished(bankID: on.id, after: mark)
        try await service.importFinished(bankID: on.id, after: 0)
        #expect(service.pdqCount == 1)
        #expect(service.exactCount == 1)

        let report = try await service.match([SignalQuery(signal: Signal(type: .md5, value: Fixtures.md5A))])
        #expect(report.matches.map(\.bankName) == ["on"])
        #expect(report.decision.verdict == .block)
        #expect(report.decision.reasons.first?.source == "bank:\(on.id)")
        try await store.close()
    }

    @Test func reviewAboveTheBlockDistance() async throws {
        let (store, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bank = try await store.createBank(BankDraft(name: "b"))
        _ = try await store.addEntry(bankID: bank.id, EntryDraft(signal: Signal(type: .pdq, value: Fixtures.pdqA), labels: EntryLabels(category: "A")))
        let service = MatchService(store: store, options: MatchServiceOptions(config: MatchConfig(pdqThreshold: 31), pdqBlockDistance: 10))
        try await service.load()
        let near = try await service.match([SignalQuery(signal: Signal(type: .pdq, value: Fixtures.flipped(Fixtures.pdqA, bits: 5)))])
        #expect(near.decision.verdict == .block)
        let far = try await service.match([SignalQuery(signal: Signal(type: .pdq, value: Fixtures.flipped(Fixtures.pdqA, bits: 25)))])
        #expect(far.decision.verdict == .review)
        #expect(far.decision.reasons.first?.details["category"] == "A")
        #expect(far.decision.reasons.first?.details["distance"] == "25")
        try await store.close()
    }
}

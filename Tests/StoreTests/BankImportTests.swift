import BulwarkCore
import Foundation
import Store
import Testing

@Suite("Bank import and export (both backends)")
struct BankImportTests {
    /// One sample input per format, with the signals it must produce.
    struct Sample: CustomTestStringConvertible, Sendable {
        let format: BankFileFormat
        let text: String
        let signals: [Signal]
        var testDescription: String { format.description }
    }

    static let samples: [Sample] = [
        Sample(
            format: .csv,
            text: """
                signal_type,value,source,category,ai_generated,note
                pdq,\(Fixtures.pdq(1)),Hotline X,A,yes,"a note, with a comma"
                md5,\(Fixtures.md5(2).uppercased()),Hotline X,B,no,
                sha1,\(Fixtures.sha1(3)),,,,"two
                lines"

                """,
            signals: [
                Signal(type: .pdq, value: Fixtures.pdq(1)), Signal(type: .md5, value: Fixtures.md5(2)),
                Signal(type: .sha1, value: Fixtures.sha1(3)),
            ]),
        Sample(
            format: .tsv,
            text: "value\tsignal_type\tcategory\r\n\(Fixtures.md5(4))\tmd5\tC\r\n\(Fixtures.pdq(5))\tpdq\t\r\n",
            signals: [Signal(type: .md5, value: Fixtures.md5(4)), Signal(type: .pdq, value: Fixtures.pdq(5))]),
        Sample(
            format: .ndjson,
            text: """
                {"signal_type":"pdq","value":"\(Fixtures.pdq(6))","source":"S","ai_generated":true}
                {"signal_type":"sha256","value":"\(Fixtures.pdq(7))","note":null,"extra":"ignored"}

                """,
            signals: [Signal(type: .pdq, value: Fixtures.pdq(6)), Signal(type: .sha256, value: Fixtures.pdq(7))]),
        Sample(
            format: .threatExchangeCSV,
            text: """
                collab,signal_type,signal_str,category,tags
                Sample Data,pdq,\(Fixtures.pdq(8)),TRUE_POSITIVE,tag1 tag2
                Sample Data,video_md5,\(Fixtures.md5(9)),TRUE_POSITIVE,

                """,
            signals: [Signal(type: .pdq, value: Fixtures.pdq(8)), Signal(type: .md5, value: Fixtures.md5(9))]),
        Sample(
            format: .pdqMD5Pairs,
            text: "pdq,md5\n\(Fixtures.pdq(10)),\(Fixtures.md5(10))\n\(Fixtures.md5(11))\t\(Fixtures.pdq(11))\n",
            signals: [
                Signal(type: .pdq, value: Fixtures.pdq(10)), Signal(type: .md5, value: Fixtures.md5(10)),
                Signal(type: .pdq, value: Fixtures.pdq(11)), Signal(type: .md5, value: Fixtures.md5(11)),
            ]),
        Sample(
            format: .hashList(nil),
            text: "# sniffed list\n\(Fixtures.md5(12))\n\n\(Fixtures.sha1(13))  some-file.bin\n\(Fixtures.md5(14))",
            signals: [
                Signal(type: .md5, value: Fixtures.md5(12)), Signal(type: .sha1, value: Fixtures.sha1(13)),
                Signal(type: .md5, value: Fixtures.md5(14)),
            ]),
        Sample(
            format: .hashList(.sha1),
            text: "\(Fixtures.sha1(15))\n\(Fixtures.sha1(16))\n",
            signals: [Signal(type: .sha1, value: Fixtures.sha1(15)), Signal(type: .sha1, value: Fixtures.sha1(16))]),
    ]

    static let cases: [(StoreBackend, Sample)] = StoreBackend.allCases.flatMap { backend in samples.map { (backend, $0) } }

    @Test(arguments: cases)
    func importsEachFormat(_ backend: StoreBackend, _ sample: Sample) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let bank = try await test.makeBank()
        var source = MemoryChunkSource(sample.text, chunkSize: 7)  // tiny chunks: records straddle chunk edges
        let report = try await BankImporter(store: test.store).importEntries(
            into: bank.id, from: &source, options: ImportOptions(format: sample.format, batchSize: 2))
        #expect(report.counts == ImportCounts(inserted: sample.signals.count, merged: 0))
        #expect(report.skippedCount == 0)
        let entries = try await Fixtures.entries(test.store, bankID: bank.id)
        #expect(entries.map(\.signal) == sample.signals)
    }

    @Test(arguments: StoreBackend.allCases)
    func labelsAreReadFromTheColumns(_ backend: StoreBackend) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let bank = try await test.makeBank()
        var source = MemoryChunkSource(Self.samples[0].text)
        _ = try await BankImporter(store: test.store).importEntries(
            into: bank.id, from: &source, options: ImportOptions(format: .csv, defaultLabels: EntryLabels(source: "default")))
        let entries = try await Fixtures.entries(test.store, bankID: bank.id)
        #expect(entries[0].labels == EntryLabels(source: "Hotline X", category: "A", aiGenerated: .yes, note: "a note, with a comma"))
        #expect(entries[1].labels == EntryLabels(source: "Hotline X", category: "B", aiGenerated: .no))
        #expect(entries[2].labels == EntryLabels(source: "default", note: "two\nlines"))
    }

    static let badCSV = """
        signal_type,value,category
        md5,\(Fixtures.md5(20)),A
        md5,not-a-hash,A
        md5,\(Fixtures.md5(21)),A
        whirlpool,\(Fixtures.md5(22)),A
        pdq,\(Fixtures.pdq(23)),A
        md5,"unclosed,A

        """

    @Test(arguments: StoreBackend.allCases)
    func invalidRowsRefuseTheImportAndNameTheirLines(_ backend: StoreBackend) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let bank = try await test.makeBank()
        let existing = try await test.store.addEntry(
            bankID: bank.id, EntryDraft(signal: Signal(type: .md5, value: Fixtures.md5(20)), labels: EntryLabels(category: "old")))
        var source = MemoryChunkSource(Self.badCSV.replacingOccurrences(of: "md5,\"unclosed,A\n", with: ""))
        let error = await #expect(throws: ImportRefused.self) {
            _ = try await BankImporter(store: test.store).importEntries(
                into: bank.id, from: &source, options: ImportOptions(format: .csv, batchSize: 1))
        }
        #expect(error?.invalidCount == 2)
        #expect(error?.invalidRows.map(\.line) == [3, 5])
        #expect(error?.invalidRows[0].reason.contains("expected 32 hex digits") == true)
        #expect(error?.invalidRows[1].reason.contains("unknown type \"whirlpool\"") == true)
        // Nothing written, and the existing entry's labels are untouched.
        #expect(try await Fixtures.entries(test.store, bankID: bank.id) == [existing])
    }

    @Test(arguments: StoreBackend.allCases)
    func skipInvalidImportsTheRestAndListsWhatItSkipped(_ backend: StoreBackend) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let bank = try await test.makeBank()
        var source = MemoryChunkSource(Self.badCSV.replacingOccurrences(of: "md5,\"unclosed,A\n", with: "md5,\"bad\"x,A\n"))
        let report = try await BankImporter(store: test.store).importEntries(
            into: bank.id, from: &source, options: ImportOptions(format: .csv, skipInvalid: true))
        #expect(report.skippedCount == 3)
        #expect(report.skipped.map(\.line) == [3, 5, 7])
        #expect(report.skipped[2].reason.contains("column 2"))
        #expect(report.counts == ImportCounts(inserted: 3, merged: 0))
        #expect(try await Fixtures.entries(test.store, bankID: bank.id).map(\.signal.value)
            == [Fixtures.md5(20), Fixtures.md5(21), Fixtures.pdq(23)])
    }

    @Test(arguments: StoreBackend.allCases)
    func duplicatesMergeIntoOneEntry(_ backend: StoreBackend) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let bank = try await test.makeBank()
        _ = try await test.store.addEntry(
            bankID: bank.id,
            EntryDraft(signal: Signal(type: .md5, value: Fixtures.md5(30)), labels: EntryLabels(source: "old", note: "keep")))
        var source = MemoryChunkSource("""
            signal_type,value,source,category,ai_generated
            md5,\(Fixtures.md5(30)),new,A,
            md5,\(Fixtures.md5(31)),,B,yes
            MD5,\(Fixtures.md5(31).uppercased()),,,
            md5,\(Fixtures.md5(31)),,C,

            """)
        let report = try await BankImporter(store: test.store).importEntries(
            into: bank.id, from: &source, options: ImportOptions(format: .csv, batchSize: 2))
        #expect(report.rows == 4)
        #expect(report.counts == ImportCounts(inserted: 1, merged: 3))
        let entries = try await Fixtures.entries(test.store, bankID: bank.id)
        #expect(entries.count == 2)
        #expect(entries[0].labels == EntryLabels(source: "new", category: "A", note: "keep"))
        #expect(entries[1].labels == EntryLabels(category: "C", aiGenerated: .yes))
    }

    /// A source that fails after handing out some chunks, like a connection that drops.
    struct FailingSource: ByteChunkSource {
        var inner: MemoryChunkSource
        var remaining: Int
        var totalBytes: Int64? { nil }
        mutating func nextChunk() async throws -> [UInt8]? {
            guard remaining > 0 else { throw BulwarkError.io(path: "upload", reason: "connection reset") }
            remaining -= 1
            return try await inner.nextChunk()
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aFailedImportLeavesTheBankAsItWas(_ backend: StoreBackend) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let bank = try await test.makeBank()
        var seed = MemoryChunkSource((0..<10).map { Fixtures.md5($0) }.joined(separator: "\n"))
        _ = try await BankImporter(store: test.store).importEntries(
            into: bank.id, from: &seed, options: ImportOptions(format: .hashList(.md5), defaultLabels: EntryLabels(category: "A")))
        let before = try await Fixtures.entries(test.store, bankID: bank.id)

        // Half of the rows merge into existing entries with new labels, half are new; the
        // source fails after several batches have been written inside the transaction.
        let text = (5..<2_000).map { Fixtures.md5($0) }.joined(separator: "\n")
        var failing = FailingSource(inner: MemoryChunkSource(text, chunkSize: 4096), remaining: 10)
        await #expect(throws: BulwarkError.io(path: "upload", reason: "connection reset")) {
            _ = try await BankImporter(store: test.store).importEntries(
                into: bank.id, from: &failing,
                options: ImportOptions(format: .hashList(.md5), defaultLabels: EntryLabels(category: "B"), batchSize: 100))
        }
        #expect(try await Fixtures.entries(test.store, bankID: bank.id) == before)
        // The bank accepts a new import afterwards: no lock was left behind.
        var again = MemoryChunkSource(Fixtures.md5(99))
        let report = try await BankImporter(store: test.store).importEntries(
            into: bank.id, from: &again, options: ImportOptions(format: .hashList(.md5)))
        #expect(report.counts.inserted == 1)
    }

    /// A source that hands out one chunk, then waits until the test opens the gate.
    struct GatedSource: ByteChunkSource {
        var inner: MemoryChunkSource
        let gate: Gate
        var handedOut = 0
        var totalBytes: Int64? { nil }
        mutating func nextChunk() async throws -> [UInt8]? {
            handedOut += 1
            if handedOut == 2 { await gate.arriveAndWait() }
            return try await inner.nextChunk()
        }
    }

    actor Gate {
        private var arrived = false
        private var open = false
        private var waiters: [CheckedContinuation<Void, Never>] = []
        private var arrivalWaiters: [CheckedContinuation<Void, Never>] = []

        func arriveAndWait() async {
            arrived = true
            for waiter in arrivalWaiters { waiter.resume() }
            arrivalWaiters.removeAll()
            if open { return }
            await withCheckedContinuation { waiters.append($0) }
        }

        func waitForArrival() async {
            if arrived { return }
            await withCheckedContinuation { arrivalWaiters.append($0) }
        }

        func openGate() {
            open = true
            for waiter in waiters { waiter.resume() }
            waiters.removeAll()
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aSecondImportIntoTheSameBankIsAConflict(_ backend: StoreBackend) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let bank = try await test.makeBank()
        let gate = Gate()
        let store = test.store
        let text = (0..<500).map { Fixtures.md5($0) }.joined(separator: "\n")
        let first = Task {
            var source = GatedSource(inner: MemoryChunkSource(text, chunkSize: 1000), gate: gate)
            return try await BankImporter(store: store).importEntries(
                into: bank.id, from: &source, options: ImportOptions(format: .hashList(.md5), batchSize: 10))
        }
        await gate.waitForArrival()
        // From this handle and from a second, independent one (another process or instance).
        let other = try await test.reopen()
        for importer in [BankImporter(store: store), BankImporter(store: other)] {
            var second = MemoryChunkSource(Fixtures.md5(1000))
            await #expect(throws: BulwarkError.conflict("another import into bank \(bank.id) is running; try again when it has finished")) {
                _ = try await importer.importEntries(into: bank.id, from: &second, options: ImportOptions(format: .hashList(.md5)))
            }
        }
        await gate.openGate()
        let report = try await first.value
        #expect(report.counts.inserted == 500)
        try await other.close()
    }

    @Test(arguments: StoreBackend.allCases)
    func importsFromAnAsyncByteStream(_ backend: StoreBackend) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let bank = try await test.makeBank()
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        for seed in 0..<50 { continuation.yield(Array("\(Fixtures.sha1(seed))\n".utf8)) }
        continuation.finish()
        var source = AsyncChunkSource(stream)
        let report = try await BankImporter(store: test.store).importEntries(
            into: bank.id, from: &source, options: ImportOptions(format: .hashList(nil), batchSize: 16))
        #expect(report.counts == ImportCounts(inserted: 50, merged: 0))
    }

    @Test(arguments: StoreBackend.allCases)
    func importIntoAnUnknownBankIsNotFound(_ backend: StoreBackend) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        var source = MemoryChunkSource(Fixtures.md5(1))
        await #expect(throws: BulwarkError.notFound(what: "bank", id: "987654321")) {
            _ = try await BankImporter(store: test.store).importEntries(
                into: 987_654_321, from: &source, options: ImportOptions(format: .hashList(.md5)))
        }
    }

    static let exportFormats: [BankFileFormat] = [.csv, .tsv, .ndjson, .threatExchangeCSV]
    static let exportCases: [(StoreBackend, BankFileFormat)] = StoreBackend.allCases.flatMap { b in exportFormats.map { (b, $0) } }

    @Test(arguments: exportCases)
    func exportImportsBackUnchanged(_ backend: StoreBackend, _ format: BankFileFormat) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let bank = try await test.makeBank()
        var source = MemoryChunkSource(Self.samples[0].text)
        _ = try await BankImporter(store: test.store).importEntries(into: bank.id, from: &source, options: ImportOptions(format: .csv))
        var exported: [UInt8] = []
        for try await chunk in try BankExporter(store: test.store).export(bankID: bank.id, format: format, chunkBytes: 1024) {
            exported += chunk
        }
        let copy = try await test.makeBank()
        var back = MemoryChunkSource(exported)
        _ = try await BankImporter(store: test.store).importEntries(into: copy.id, from: &back, options: ImportOptions(format: format))
        let original = try await Fixtures.entries(test.store, bankID: bank.id)
        let restored = try await Fixtures.entries(test.store, bankID: copy.id)
        #expect(restored.map(\.signal) == original.map(\.signal))
        switch format {
        case .threatExchangeCSV:
            // That layout has no AI-generated column.
            #expect(restored.map(\.labels.category) == original.map(\.labels.category))
            #expect(restored.map(\.labels.note) == original.map(\.labels.note))
        case .tsv:
            // TSV has no quoting: the line break inside a note becomes a space.
            #expect(restored.map(\.labels.category) == original.map(\.labels.category))
            #expect(restored[2].labels.note == "two lines")
        default:
            #expect(restored.map(\.labels) == original.map(\.labels))
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func hashListExportHoldsOnlyItsType(_ backend: StoreBackend) async throws {
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let bank = try await test.makeBank()
        var source = MemoryChunkSource(Self.samples[0].text)
        _ = try await BankImporter(store: test.store).importEntries(into: bank.id, from: &source, options: ImportOptions(format: .csv))
        var exported: [UInt8] = []
        for try await chunk in try BankExporter(store: test.store).export(bankID: bank.id, format: .hashList(.md5)) {
            exported += chunk
        }
        #expect(String(decoding: exported, as: UTF8.self) == Fixtures.md5(2) + "\n")
        #expect(throws: BulwarkError.self) { _ = try BankExporter(store: test.store).export(bankID: bank.id, format: .pdqMD5Pairs) }
    }
}

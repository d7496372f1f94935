import BulwarkCore
import BulwarkTestSupport
import Foundation
import Store
import Testing

/// Kills a real `bulwark import` process with SIGKILL partway through a large import, then
/// reopens the store and checks the bank is exactly as it was.
@Suite("Killed import", .serialized)
struct KilledImportTests {
    /// The `bulwark` executable built beside this test bundle, or `$BULWARK_EXECUTABLE`.
    static var executable: String? {
        if let path = ProcessInfo.processInfo.environment["BULWARK_EXECUTABLE"], !path.isEmpty { return path }
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = me.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("bulwark").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    @Test(arguments: StoreBackend.allCases)
    func bankIsAsItWasAfterTheImportProcessIsKilled(_ backend: StoreBackend) async throws {
        guard let executable = Self.executable else {
            if TestPostgres.isCI { Issue.record("the bulwark executable was not found beside the tests") }
            else { print("skipping: bulwark executable not built (set BULWARK_EXECUTABLE)") }
            return
        }
        guard let test = try await backend.open() else { return }
        defer { Task { await test.close() } }
        let bank = try await test.makeBank("kill")
        for seed in 0..<3 {
            _ = try await test.store.addEntry(
                bankID: bank.id,
                EntryDraft(signal: Signal(type: .md5, value: Fixtures.md5(seed)), labels: EntryLabels(category: "before")))
        }
        let before = try await Fixtures.entries(test.store, bankID: bank.id)

        // 600k rows, the first ones overlapping the bank's entries with new labels.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-kill-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        var text = "signal_type,value,category\n"
        text.reserveCapacity(600_000 * 45)
        for seed in 0..<600_000 { text += "md5,\(Fixtures.md5(seed)),after\n" }
        try Data(text.utf8).write(to: file)

        var arguments = ["import", "\(bank.id)", file.path, "--format", "csv", "--progress", "always"]
        if let url = test.url { arguments += ["--database", url] } else { arguments += ["--data-dir", test.directory ?? ""] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        // Wait until the child reports having read 50,000 rows (ten batches written inside
        // its transaction), then kill it without warning.
        let reachedRows = await Task.detached { () -> Int in
            var seen = ""
            while true {
                let data = errors.fileHandleForReading.availableData
                if data.isEmpty { return -1 }  // the child closed stderr: it exited
                seen += String(decoding: data, as: UTF8.self)
                if let rows = Self.lastRowCount(in: seen), rows >= 50_000 { return rows }
                if seen.count > 100_000 { seen = String(seen.suffix(1000)) }
            }
        }.value
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(wasRunning && reachedRows > 0, "the import ended before it could be killed; make the file larger")
        #expect(process.terminationReason == .uncaughtSignal)

        let reopened = try await test.reopen()
        #expect(try await reopened.bank(id: bank.id) == bank)
        #expect(try await Fixtures.entries(reopened, bankID: bank.id) == before)
        #expect(try await reopened.counts(bankID: bank.id).tombstones == 0)
        // No lock or half-written state is left: an import into the bank works at once.
        var small = MemoryChunkSource("signal_type,value\nmd5,\(Fixtures.md5(0))\nmd5,\(Fixtures.md5(700_000))\n")
        let report = try await BankImporter(store: reopened).importEntries(into: bank.id, from: &small, options: ImportOptions(format: .csv))
        #expect(report.counts == ImportCounts(inserted: 1, merged: 1))
        try await reopened.close()
    }

    /// The last "N rows" figure of the progress bar.
    static func lastRowCount(in text: String) -> Int? {
        guard let range = text.range(of: " rows", options: .backwards) else { return nil }
        let digits = text[..<range.lowerBound].reversed().prefix(while: { $0.isNumber })
        return Int(String(digits.reversed()))
    }
}

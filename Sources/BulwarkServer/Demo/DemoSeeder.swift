import BulwarkCore
import Foundation
import Pipeline
import Store

/// Fills an empty store with a demo bank so a newcomer can try the API: the PDQ and MD5
/// of a few generated benign pictures, written as PNG files beside it for uploading.
public enum DemoSeeder {
    /// The demo bank's name.
    public static let bankName = "demo"

    /// Seeds the store when it holds no bank: creates the `demo` bank, writes `count`
    /// pictures into `directory` and banks their PDQ and MD5 hashes. Returns the picture
    /// paths, or `nil` when the store already had banks.
    public static func seedIfEmpty(banks: any BankStore, directory: String, count: Int = 4) async throws -> [String]? {
        guard try await banks.listBanks().isEmpty else { return nil }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let bank = try await banks.createBank(BankDraft(
            name: bankName, description: "Demo bank: hashes of generated benign pictures standing in for a hash list."))
        var paths: [String] = []
        for seed in 1...max(1, count) {
            let bytes = DemoImages.png(seed: UInt64(seed))
            let path = directory + "/demo-\(seed).png"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            paths.append(path)
            let record = UploadMatcher.hash(bytes).record
            let labels = EntryLabels(source: "bulwark demo", category: "demo", aiGenerated: .yes, note: "generated picture \(seed)")
            if let pdq = record.pdq {
                _ = try await banks.addEntry(bankID: bank.id, EntryDraft(signal: Signal(type: .pdq, value: pdq), labels: labels))
            }
            _ = try await banks.addEntry(bankID: bank.id, EntryDraft(signal: Signal(type: .md5, value: record.md5), labels: labels))
        }
        return paths
    }
}

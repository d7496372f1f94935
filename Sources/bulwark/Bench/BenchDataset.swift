import ArgumentParser
import BulwarkCore
import Foundation
import Store
import TextSafety

/// End-to-end dataset scan throughput: `bulwark dataset scan` pinned to one core (taskset)
/// against a Python scan doing the same work (tarfile + hashlib + PIL + pdqhash + bank lookup +
/// the same lexicon with pyahocorasick), also pinned to one core, on the same WebDataset shards
/// of benign generated photos with captions; then two cores against one, and the projection
/// for 5.85 billion images. Needs taskset (util-linux).
struct BenchDataset: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Dataset scan items/s per core vs a Python scan (tarfile + PIL + pdqhash + hashlib + pyahocorasick), 2-core scaling, 5.85B projection.")

    @Option(help: "Shards to generate.") var shards = 4
    @Option(help: "Items per shard.") var perShard = 250
    @Option(help: "Photo width.") var width = 512
    @Option(help: "Photo height.") var height = 384
    @Option(help: "Random PDQ + MD5 entries in the bank (benign random values standing in for a list).") var bankSize = 2000
    @Option(help: "Use these shards instead of generating them.") var folder: String?
    @Option(help: "Price of one core-hour in USD, for the projection.") var coreHourPrice = 0.02
    @Option(help: "Alternating rounds of each measurement; the medians are reported.") var rounds = 3

    func run() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-bench-dataset-\(getpid())").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let shardDirectory = folder ?? work + "/shards"
        let loadBefore = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8).split(separator: " ").first.map(String.init)) ?? "?"
        let bench = ExternalProcess.benchDirectory()
        if folder == nil {
            try ExternalProcess.run(["python3", bench + "/dataset_reference.py", "generate", shardDirectory,
                                     String(shards), String(perShard), String(width), String(height)])
        }

        // A bank of benign random hashes, in a SQLite store and in a file for the reference.
        let store = try await BankStores.open(dataDirectory: work + "/store", databaseURL: nil)
        let bank = try await store.createBank(BankDraft(name: "bench"))
        var generator = SplitMix64(seed: 7)
        var bankLines = ""
        for _ in 0..<bankSize {
            let pdq = (0..<4).map { _ in String(format: "%016llx", generator.next()) }.joined()
            let md5 = (0..<2).map { _ in String(format: "%016llx", generator.next()) }.joined()
            _ = try await store.addEntry(bankID: bank.id, EntryDraft(signal: Signal(type: .pdq, value: pdq)))
            _ = try await store.addEntry(bankID: bank.id, EntryDraft(signal: Signal(type: .md5, value: md5)))
            bankLines += "pdq \(pdq)\nmd5 \(md5)\n"
        }
        try bankLines.write(toFile: work + "/bank.txt", atomically: true, encoding: .utf8)
        try await store.close()

        // Rounds, alternating: Bulwark's `dataset scan` pinned to one core, then on two, then the
        // Python scan pinned to the same core. Each figure is the median of its rounds,
        // so a burst of other load on the machine moves neither side alone.
        let executable = Bundle.main.executableURL?.path ?? CommandLine.arguments[0]
        var oneCore: [Double] = [], twoCores: [Double] = [], pythonRates: [Double] = []
        var items = 0
        for round in 0..<rounds {
            for jobs in [1, 2] {
                let pin = jobs == 1 ? ["taskset", "-c", "0"] : []
                let out = work + "/out-\(jobs)-\(round)"
                let output = try ExternalProcess.run(pin + [executable, "dataset", "scan", shardDirectory, "--out", out,
                                                            "--data-dir", work + "/store", "--jobs", String(jobs), "--progress", "never"])
                try? FileManager.default.removeItem(atPath: out)
                let (count, seconds) = try Self.scanTime(String(decoding: output, as: UTF8.self))
                if jobs == 1 { oneCore.append(Double(count) / seconds) } else { twoCores.append(Double(count) / seconds) }
                items = count
            }
            let output = try ExternalProcess.run(["taskset", "-c", "0", "python3", bench + "/dataset_reference.py", "run", shardDirectory,
                                                  try TextSafetyResources.bundledDirectory().path, work + "/bank.txt"])
            let reference = try JSONDecoder().decode(DatasetReferenceOutput.self, from: output)
            if reference.items != items { throw ValidationError("the reference scanned \(reference.items) items, bulwark \(items)") }
            pythonRates.append(Double(reference.items) / reference.seconds)
        }
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        let one = median(oneCore), two = median(twoCores), python = median(pythonRates)
        func list(_ values: [Double]) -> String { values.map { String(format: "%.1f", $0) }.joined(separator: ", ") }
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8).split(separator: " ").first.map(String.init)) ?? "?"
        print("Dataset scan end to end (tar read + MD5/SHA-1/SHA-256 + decode + PDQ + bank match + caption check + provenance), "
              + "\(items) items in \(shards) shards, JPEG \(width)x\(height), bank of \(bankSize) PDQ + \(bankSize) MD5; "
              + "1-minute load average before the run \(loadBefore), after \(load); medians of \(rounds) alternating rounds")
        print(String(format: "  bulwark, 1 core (taskset)   %8.1f items/s", one) + "   (rounds: \(list(oneCore)))")
        print(String(format: "  python, 1 core (tarfile+PIL+pdqhash+hashlib+pyahocorasick) %8.1f items/s   ratio %.2fx (target 5x)", python, one / python)
              + "   (rounds: \(list(pythonRates)))")
        print(String(format: "  bulwark, 2 cores            %8.1f items/s   scaling %.2fx (target 1.8x)", two, two / one) + "   (rounds: \(list(twoCores)))")
        let coreHours = 5.85e9 / one / 3600
        print(String(format: "  projection, 5.85 billion images at %.1f items/s per core: %.0f core-hours (%.1f days on 64 cores), "
                     + "$%.0f at $%.3f per core-hour; python: %.0f core-hours", one, coreHours, coreHours / 64 / 24,
                     coreHours * coreHourPrice, coreHourPrice, 5.85e9 / python / 3600))
    }
}

private struct DatasetReferenceOutput: Decodable {
    let items: Int
    let seconds: Double
}

extension BenchDataset {
    /// Items and seconds from the scan command's "scanned N items in S s" line.
    static func scanTime(_ output: String) throws -> (Int, Double) {
        for line in output.split(separator: "\n") where line.hasPrefix("scanned ") {
            let words = line.split(separator: " ")
            if words.count >= 5, let count = Int(words[1]), let seconds = Double(words[4]), seconds > 0 { return (count, seconds) }
        }
        throw ValidationError("the scan printed no timing line: \(output.suffix(500))")
    }
}

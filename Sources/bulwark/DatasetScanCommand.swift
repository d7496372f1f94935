import ArgumentParser
import BulwarkCore
import DatasetScan
import Foundation
import MatchIndex
import MediaDecoding
import Pipeline

/// `bulwark dataset scan INPUT... --out DIR`: hash, match, check and decide every item of a
/// dataset, resumably, and write the keep-list, exclusions, summary, HTML report and
/// hotline export.
struct DatasetScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan a dataset: known-hash matches, caption checks, provenance; keep-list and exclusion list.",
        discussion: """
            INPUTs: WebDataset .tar shards (or a folder of them, as img2dataset writes), a folder tree of \
            image + .txt caption files, or .jsonl / .csv manifests naming local image files (fields path, \
            caption, key). Parquet manifests are not supported (convert to JSONL).
            Outputs in --out: records.ndjson (one record per item), keep-list in the input's format \
            (keep-webdataset.tsv, keep-files.txt, keep.jsonl, keep.csv), exclusions.ndjson, errors.ndjson, \
            summary.json, report.html, hotline-hashes.csv, checkpoint.json.
            Run the same command again to resume after a kill or Ctrl-C (exit status 130). --shard K/N \
            (K from 0) scans one of N parts; join the parts with `bulwark dataset merge`.
            """)

    @Argument(help: "Shards, folders or manifests.") var inputs: [String]
    @Option(help: "Output directory (also holds the checkpoint).") var out: String
    @Option(help: "Worker threads (default: all cores).") var jobs = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Scan part K of N (0 <= K < N).") var shard = "0/1"
    @OptionGroup var store: StoreOptions
    @Flag(help: "Do not match against the banks (no store needed).") var noBanks = false
    @Option(help: "PDQ match threshold (0...64).") var threshold = MatchConfig.default.pdqThreshold
    @Option(help: "PDQ hashes of lower quality are not matched.") var minQuality = MatchConfig.default.pdqMinQuality
    @Option(help: "Largest image decoded, in pixels.") var maxPixels = DecodingLimits.default.maxPixels
    @Option(help: "Largest image read, in bytes.") var maxImageBytes = DecodingLimits.default.maxBytes
    @Flag(help: "Skip the caption text checks.") var noText = false
    @Flag(help: "Skip provenance reading.") var noProvenance = false
    @Option(help: "Items handed to the workers at a time (default 32 per job).") var batchSize: Int?
    @Option(help: "Seconds between checkpoints at most: a kill loses at most this much work, redone once on resume (0: after every batch).")
    var checkpointSeconds = 2.0
    @Option(help: "Progress on stderr: auto (on a terminal), always or never.") var progress = "auto"

    func run() async throws {
        let shardSpec = try ShardSpec(parsing: shard)
        guard (0...PDQIndex.maxThreshold).contains(threshold) else {
            throw ValidationError("--threshold must be within 0...\(PDQIndex.maxThreshold)")
        }
        let sources = try DatasetSource.resolve(inputs)
        let text = noText ? nil : try TextSafetyChecker.bundled()
        let checks = ItemChecks(text: text, provenance: noProvenance ? nil : ProvenanceAnalysis(text: text),
                                limits: DecodingLimits(maxBytes: maxImageBytes, maxPixels: maxPixels))
        guard checkpointSeconds >= 0, checkpointSeconds <= 86400 else { throw ValidationError("--checkpoint-seconds must be within 0...86400") }
        let options = DatasetScanOptions(jobs: jobs, batchSize: batchSize, shard: shardSpec, checks: checks,
                                         checkpointInterval: .milliseconds(Int64(checkpointSeconds * 1000)))
        let banks = noBanks ? nil : try await store.openStore()
        var matcher: DatasetScanner.SignalMatcher?
        if let banks {
            let service = MatchService(store: banks, options: MatchServiceOptions(
                config: MatchConfig(pdqThreshold: threshold, pdqMinQuality: minQuality)))
            try await service.load()
            matcher = { queries in try await service.match(queries).decision }
        }
        let interrupt = InterruptFlag()
        let bar = ProgressBar(total: nil, label: "dataset \(shardSpec)", unit: "items", mode: progress)
        let outcome: ScanOutcome
        let started = DispatchTime.now()
        do {
            outcome = try await DatasetScanner(sources: sources, options: options, matcher: matcher)
                .run(outputDirectory: out, progress: { bar.update(done: $0.itemsThisRun, fraction: $0.fractionOfThisRun) },
                     shouldStop: { interrupt.isRaised })
            bar.finish()
            try await banks?.close()
        } catch {
            bar.finish()
            try? await banks?.close()
            throw error
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let scanned = bar.completed
        print(String(format: "scanned %d items in %.3f s (%.1f items/s)", scanned, seconds, Double(scanned) / max(seconds, 1e-9)))
        switch outcome {
        case let .interrupted(itemsDone):
            print("interrupted after \(itemsDone) items; checkpoint saved in \(out). Run the same command to resume.")
            throw ExitCode(130)
        case let .finished(summary):
            print("\(summary.items) items: \(summary.kept) kept, \(summary.excluded) excluded, \(summary.errors) errors "
                  + String(format: "(%.2f excluded per million)", summary.excludedPerMillion))
            print("reports in \(out): summary.json, report.html, exclusions.ndjson, errors.ndjson, hotline-hashes.csv, keep-lists")
        }
    }
}

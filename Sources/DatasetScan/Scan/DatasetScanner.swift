import BulwarkCore
import Foundation
import Pipeline

/// Scans a dataset shard end to end: reads items in a fixed order, runs the per-item checks
/// on every core (``ParallelMap``, bounded window), matches each item's hashes against the
/// banks, and appends one record per item (and kept items' keep-list entries) to
/// append-only outputs, committing a checkpoint (outputs synced, then their lengths) at most
/// every ``DatasetScanOptions/checkpointInterval`` and at the end. A killed or interrupted
/// scan resumes from its checkpoint: no item is written twice and none is missed. When the
/// shard is done, the reports are written (see ``ScanReports``).
public final class DatasetScanner: Sendable {
    /// Matches an item's signals against the banks (e.g. ``MatchService/match(_:threshold:)``).
    public typealias SignalMatcher = @Sendable (_ queries: [SignalQuery]) async throws -> Decision

    public let sources: [DatasetSource]
    public let options: DatasetScanOptions
    public let matcher: SignalMatcher?

    public init(sources: [DatasetSource], options: DatasetScanOptions, matcher: SignalMatcher?) {
        self.sources = sources
        self.options = options
        self.matcher = matcher
    }

    /// The file holding one record per item.
    public static let recordsFileName = "records.ndjson"

    /// Scans into `directory` (created if needed), resuming from its checkpoint if it has one.
    /// `shouldStop` is polled between batches: when it returns true the batch in flight is
    /// finished and committed and the scan returns ``ScanOutcome/interrupted(itemsDone:)``.
    public func run(outputDirectory directory: String, progress: (@Sendable (ScanProgress) -> Void)? = nil,
                    shouldStop: @Sendable () -> Bool = { false }) async throws -> ScanOutcome {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DatasetScanError.io(path: directory, reason: "cannot create output directory: \(error.localizedDescription)")
        }
        let csvHeader = try ItemStream.csvHeader(of: sources)
        let existing = try ScanCheckpoint.load(from: directory)
        var checkpoint = existing ?? ScanCheckpoint(sources: sources, shard: options.shard, settings: options.settingsFingerprint,
                                                    itemsDone: 0, committed: [:], finished: false)
        if let existing {
            guard existing.sources == sources, existing.shard == options.shard, existing.settings == options.settingsFingerprint else {
                throw DatasetScanError.outputMismatch(path: directory, reason: "holds a checkpoint of a different scan (inputs, --shard or settings differ); use another --out")
            }
        }
        let lists = Self.keepLists(for: sources)
        let records = try AppendOnlyFile(path: directory + "/" + Self.recordsFileName,
                                         truncatingTo: checkpoint.committed[Self.recordsFileName] ?? 0)
        var keepFiles: [KeepList: AppendOnlyFile] = [:]
        for list in lists {
            keepFiles[list] = try AppendOnlyFile(path: directory + "/" + list.rawValue, truncatingTo: checkpoint.committed[list.rawValue] ?? 0)
        }
        func commit() throws {
            try records.sync()
            checkpoint.committed[Self.recordsFileName] = records.length
            for (list, file) in keepFiles {
                try file.sync()
                checkpoint.committed[list.rawValue] = file.length
            }
            try checkpoint.save(to: directory)
        }
        if existing == nil {
            if let csvHeader, let file = keepFiles[.csv] { try file.append(csvHeader) }
            try commit()
        }
        if !checkpoint.finished {
            var stream = ItemStream(sources: sources, shard: options.shard, maxImageBytes: options.checks.limits.maxBytes,
                                    maxCaptionBytes: options.checks.maxCaptionBytes)
            for skipped in 0..<checkpoint.itemsDone {
                guard stream.next(loadPayloads: false) != nil else {
                    throw DatasetScanError.outputMismatch(path: directory, reason: "the checkpoint counts \(checkpoint.itemsDone) items but the inputs now hold \(skipped)")
                }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let resumedAt = checkpoint.itemsDone
            let resumedFraction = min(stream.fractionDone, 0.999_999)
            let batchSize = options.batchSize ?? max(16, options.jobs * 32)
            var errors = 0
            // Two batches in flight: workers extract batch N+1 while this task matches and
            // writes batch N, so the cores are not idle during matching, encoding and fsync.
            var inFlight: (items: [DatasetItem], extraction: Task<[(ItemRecord, [SignalQuery])], Never>)?
            var interrupted = false
            var lastCommit = ContinuousClock.now
            while true {
                if !interrupted { interrupted = shouldStop() }
                var batch: [DatasetItem] = []
                if !interrupted {
                    var batchBytes = 0
                    while batch.count < batchSize, batchBytes < options.maxBatchBytes, let item = stream.next() {
                        if case let .bytes(bytes, _) = item.image { batchBytes += bytes.count }
                        batch.append(item)
                    }
                }
                let next = batch.isEmpty ? nil : (items: batch, extraction: Task { [batch] in await self.extract(batch) })
                if let (items, extraction) = inFlight {
                    let scanned = await extraction.value
                    for (item, (var record, queries)) in zip(items, scanned) {
                        if let matcher, !queries.isEmpty {
                            record.reasons += try await matcher(queries).reasons
                        }
                        record.decide()
                        if record.status == .error { errors += 1 }
                        try records.append(Array(try encoder.encode(record)) + [UInt8(ascii: "\n")])
                        if record.status == .keep, let entry = item.keepEntry, let file = keepFiles[entry.list] {
                            try file.append(entry.bytes)
                        }
                    }
                    checkpoint.itemsDone += items.count
                    if lastCommit.duration(to: .now) >= options.checkpointInterval {
                        try commit()
                        lastCommit = .now
                    }
                    let fraction = stream.fractionDone
                    progress?(ScanProgress(itemsDone: checkpoint.itemsDone, itemsThisRun: checkpoint.itemsDone - resumedAt,
                                           errors: errors, fractionDone: fraction,
                                           fractionOfThisRun: max(0, (fraction - resumedFraction) / (1 - resumedFraction))))
                }
                inFlight = next
                if inFlight == nil { break }
            }
            if interrupted {
                try commit()
                return .interrupted(itemsDone: checkpoint.itemsDone)
            }
            checkpoint.finished = true
            try commit()
        }
        let summary = try ScanReports.write(recordFiles: [directory + "/" + Self.recordsFileName], to: directory,
                                            shards: [options.shard.description])
        return .finished(summary)
    }

    /// Runs the per-item checks over `batch` on `options.jobs` threads, results in order.
    /// Work goes out in groups of eight items, whose MD5s are computed together.
    private func extract(_ batch: [DatasetItem]) async -> [(ItemRecord, [SignalQuery])] {
        let checks = options.checks
        let jobs = options.jobs
        let group = MultiBufferMD5.lanes
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                var results: [(ItemRecord, [SignalQuery])] = []
                results.reserveCapacity(batch.count)
                ParallelMap.run(count: (batch.count + group - 1) / group, jobs: jobs, makeWorker: { ItemScanner(checks: checks) },
                                work: { scanner, index in
                                    scanner.scan(group: batch[(index * group)..<min(batch.count, (index + 1) * group)])
                                },
                                emit: { _, scanned in results += scanned.map { ($0.record, $0.queries) } })
                continuation.resume(returning: results)
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// The keep-lists the sources' formats need.
    static func keepLists(for sources: [DatasetSource]) -> [KeepList] {
        var lists: Set<KeepList> = []
        for source in sources {
            switch source {
            case .webdataset: lists.insert(.webdataset)
            case .folder: lists.insert(.folder)
            case .jsonl: lists.insert(.jsonl)
            case .csv: lists.insert(.csv)
            }
        }
        return KeepList.allCases.filter(lists.contains)
    }
}

/// How a dataset scan runs.
public struct DatasetScanOptions: Sendable {
    /// Worker threads (default: every core).
    public var jobs: Int
    /// Items per batch (handed to the workers together); default 32 per job.
    public var batchSize: Int?
    /// The longest time between checkpoints (each syncs the outputs to disk): a kill loses at
    /// most this much work, which the next run redoes exactly once. Zero: after every batch.
    public var checkpointInterval: Duration
    public var shard: ShardSpec
    public var checks: ItemChecks
    /// Image bytes read ahead per batch at most (two batches are in memory at once); a batch
    /// ends early when its tar payloads reach this.
    public var maxBatchBytes: Int

    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int? = nil, shard: ShardSpec = .whole,
                checks: ItemChecks, maxBatchBytes: Int = 256 << 20, checkpointInterval: Duration = .seconds(2)) {
        self.jobs = max(1, jobs)
        self.checkpointInterval = checkpointInterval
        self.batchSize = batchSize
        self.maxBatchBytes = max(1, maxBatchBytes)
        self.shard = shard
        self.checks = checks
    }

    /// The settings that change results, for the checkpoint to compare on resume.
    var settingsFingerprint: String {
        let limits = checks.limits
        return "maxBytes=\(limits.maxBytes) maxPixels=\(limits.maxPixels) maxJPEGScans=\(limits.maxJPEGScans) "
            + "maxCaption=\(checks.maxCaptionBytes) text=\(checks.text != nil) provenance=\(checks.provenance != nil)"
    }
}

/// Progress after a batch.
public struct ScanProgress: Sendable {
    /// Items of the shard written, including those of earlier (resumed) runs.
    public var itemsDone: Int
    /// Items written by this run.
    public var itemsThisRun: Int
    /// Items of this run with problems.
    public var errors: Int
    /// Estimated fraction of the shard done.
    public var fractionDone: Double
    /// Estimated fraction done of what remained when this run started (for an ETA).
    public var fractionOfThisRun: Double
}

/// How a scan ended.
public enum ScanOutcome: Sendable {
    case finished(ScanSummary)
    /// Stopped on request after committing `itemsDone` items; run again to resume.
    case interrupted(itemsDone: Int)
}

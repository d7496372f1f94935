import ArgumentParser
import BulwarkCore
import Foundation
import MatchIndex

/// `bulwark bench match`: PDQ matching against a large random bank, Bulwark's
/// ``PDQIndex`` side by side with faiss (the index HMA and python-threatexchange use),
/// on the same bank and queries in one run.
struct BenchMatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "PDQ match speed and memory: Bulwark's index vs faiss IndexBinaryMultiHash and IndexBinaryFlat.")

    @Option(help: "Hashes in the bank.")
    var count: Int = 10_000_000

    @Option(help: "Queries near a bank hash (0...threshold bits flipped).")
    var planted: Int = 100

    @Option(help: "Random queries.")
    var random: Int = 100

    @Option(help: "Queries also run through faiss IndexBinaryFlat (exact ground truth; slow).")
    var flatQueries: Int = 50

    @Option(help: "Hamming threshold.")
    var threshold: Int = 31

    @Option(parsing: .upToNextOption, help: "Further thresholds to time Bulwark's search at (speed only).")
    var alsoThresholds: [Int] = []

    @Option(help: "Directory bits of the index's compact tables (default: automatic).")
    var bucketBits: Int?

    @Option(help: "Segments up to this many entries use the wide layout (0: compact only).")
    var wideMax = PDQIndex.defaultWideSegmentMaxCount

    @Option(help: "Seed of the random bank.")
    var seed: UInt64 = 20_261_121

    @Option(help: "Directory for the bank, query and snapshot files, kept afterwards (default: a temporary directory, removed afterwards).")
    var workDirectory: String?

    @Option(help: "The faiss reference script.")
    var referenceScript: String?

    @Option(help: "Python interpreter with faiss-cpu and numpy.")
    var python: String = "python3"

    @Option(help: "Also measure the exact index with this many random MD5 digests (0: skip).")
    var exactCount: Int = 0

    @Flag(help: "Run Bulwark's side only.")
    var skipReference = false

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
        guard planted >= 0, random >= 0, planted + random > 0 else { throw ValidationError("need at least one query") }
        guard ([threshold] + alsoThresholds).allSatisfy({ (0...PDQIndex.maxThreshold).contains($0) }) else {
            throw ValidationError("--threshold must be in 0...\(PDQIndex.maxThreshold)")
        }
    }

    func run() throws {
        let directory = try workDirectory ?? makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // A temporary directory holds about a gigabyte at 10M entries: remove it afterwards.
        defer { if workDirectory == nil { try? FileManager.default.removeItem(atPath: directory) } }
        print("bench match: \(count) hashes, \(planted) planted + \(random) random queries, threshold \(threshold), files in \(directory)")

        // Bank and queries.
        var generator = SplitMix64(seed: seed)
        let rssBeforeBank = residentBytes()
        var hashes = [Hash256]()
        hashes.reserveCapacity(count)
        for _ in 0..<count { hashes.append(Hash256(generator.next(), generator.next(), generator.next(), generator.next())) }
        let ids = (0..<count).map { EntryID($0) }
        var queries: [Hash256] = []
        var plantedIDs: [EntryID] = []
        for _ in 0..<planted {
            let id = Int(generator.next() % UInt64(count))
            let distance = Int(generator.next() % UInt64(threshold + 1))
            queries.append(flip(hashes[id], bits: distance, using: &generator))
            plantedIDs.append(EntryID(id))
        }
        for _ in 0..<random { queries.append(Hash256(generator.next(), generator.next(), generator.next(), generator.next())) }
        let bankPath = directory + "/bank.bin"
        let queryPath = directory + "/queries.bin"
        try writeHashes(hashes, to: bankPath)
        try writeHashes(queries, to: queryPath)
        let rssBank = residentBytes()

        // Bulwark: build, search, snapshot.
        var clock = ContinuousClock.now
        let index = try PDQIndex(hashes: hashes, ids: ids, bucketBits: bucketBits, wideSegmentMaxCount: wideMax)
        let buildSeconds = seconds(since: clock)
        let rssIndex = residentBytes()
        let hugePages = anonymousHugePageBytes()
        clock = .now
        let cpuStart = threadCPUSeconds()
        var bulwarkResults: [[PDQMatch]] = []
        for query in queries { bulwarkResults.append(try index.search(query, threshold: threshold)) }
        let searchSeconds = seconds(since: clock)
        let searchCPUSeconds = threadCPUSeconds() - cpuStart
        let bulwarkQPS = Double(queries.count) / searchSeconds
        let bulwarkCPUQPS = Double(queries.count) / searchCPUSeconds

        let snapshotPath = directory + "/index.snapshot"
        clock = .now
        try PDQIndexSnapshot.write(index, version: 1, to: snapshotPath)
        let writeSeconds = seconds(since: clock)
        clock = .now
        let (loaded, _) = try PDQIndexSnapshot.read(from: snapshotPath)
        let loadSeconds = seconds(since: clock)
        var loadedAgrees = true
        for (query, expected) in zip(queries.prefix(20), bulwarkResults) where try loaded.search(query, threshold: threshold) != expected {
            loadedAgrees = false
        }
        let snapshotBytes = (try? FileManager.default.attributesOfItem(atPath: snapshotPath)[.size] as? Int) ?? 0

        // Planted queries must find their entry.
        let bulwarkPlanted = zip(plantedIDs, bulwarkResults).filter { id, found in found.contains { $0.entryID == id } }.count

        print("")
        print("Bulwark PDQIndex (one thread)")
        print("  build:            \(format(buildSeconds)) s")
        print("  search:           \(format(bulwarkQPS)) queries/s wall clock (\(format(searchSeconds * 1000 / Double(queries.count))) ms/query), \(format(bulwarkCPUQPS)) queries per CPU-second")
        print("  results:          \(bulwarkResults.reduce(0) { $0 + $1.count }) matches; planted found \(bulwarkPlanted)/\(planted)")
        print("  index memory:     \(index.memoryBytes) bytes = \(format(Double(index.memoryBytes) / Double(count))) bytes/entry (raw hashes: 32)")
        print("  RSS:              bank arrays +\(mib(rssBank - rssBeforeBank)) MiB, index +\(mib(rssIndex - rssBank)) MiB (\(mib(hugePages)) MiB of it in transparent huge pages)")
        for other in alsoThresholds {
            let start = threadCPUSeconds()
            var found = 0
            for query in queries { found += try index.search(query, threshold: other).count }
            let cpu = threadCPUSeconds() - start
            print("  at threshold \(other):  \(format(Double(queries.count) / cpu)) queries per CPU-second, \(found) matches")
        }
        print("  snapshot:         \(mib(snapshotBytes)) MiB, write \(format(writeSeconds)) s, load \(format(loadSeconds)) s, loaded index agrees: \(loadedAgrees)")

        if exactCount > 0 { try measureExactIndex() }

        guard !skipReference else { return }
        let script = referenceScript ?? Self.defaultReferenceScript()
        let reportPath = directory + "/reference.json"
        print("")
        print("faiss reference: \(script) (one thread)...")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, "--bank", bankPath, "--queries", queryPath, "--threshold", "\(threshold)",
                             "--flat-queries", "\(min(flatQueries, queries.count))", "--out", reportPath]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("the reference script failed (status \(process.terminationStatus)); is faiss-cpu installed?")
        }
        let report = try JSONDecoder().decode(ReferenceReport.self, from: Data(contentsOf: URL(fileURLWithPath: reportPath)))

        let multihashPlanted = zip(plantedIDs, report.multihash.results).filter { id, found in
            found.contains { $0.first == Int(id) } }.count
        // Bulwark must find everything faiss finds, and exactly what brute force finds.
        var missingVsMultihash = 0
        for (found, reference) in zip(bulwarkResults, report.multihash.results) {
            let ours = Set(found.map { [Int($0.entryID), $0.distance] })
            missingVsMultihash += reference.filter { !ours.contains($0) }.count
        }
        var flatDisagreements = 0
        for (found, reference) in zip(bulwarkResults, report.flat.results)
        where Set(found.map { [Int($0.entryID), $0.distance] }) != Set(reference) {
            flatDisagreements += 1
        }
        print("  IndexBinaryMultiHash(256,16,16) nflip=1: build \(format(report.multihash.buildSeconds ?? 0)) s, \(format(report.multihash.qps)) queries/s wall clock, \(format(report.multihash.cpuQPS)) per CPU-second, \(report.multihash.results.reduce(0) { $0 + $1.count }) matches, planted found \(multihashPlanted)/\(planted)")
        print("  IndexBinaryFlat:                        \(format(report.flat.qps)) queries/s wall clock, \(format(report.flat.cpuQPS)) per CPU-second, on \(report.flat.results.count) queries")
        print("")
        print("Comparison")
        print("  Bulwark / MultiHash speed:  \(format(bulwarkQPS / report.multihash.qps))x wall clock, \(format(bulwarkCPUQPS / report.multihash.cpuQPS))x CPU time")
        print("  Bulwark / Flat speed:       \(format(bulwarkQPS / report.flat.qps))x wall clock, \(format(bulwarkCPUQPS / report.flat.cpuQPS))x CPU time")
        print("  matches MultiHash found that Bulwark missed: \(missingVsMultihash)")
        print("  queries where Bulwark != IndexBinaryFlat (exact): \(flatDisagreements) of \(report.flat.results.count)")
        if missingVsMultihash > 0 || flatDisagreements > 0 || bulwarkPlanted != planted || !loadedAgrees {
            throw ValidationError("Bulwark's results are not exact")
        }
    }

    /// Builds an exact index of `exactCount` random MD5 digests and times lookups.
    func measureExactIndex() throws {
        var generator = SplitMix64(seed: seed ^ 0x5EED)
        let rssBefore = residentBytes()
        let index = ExactIndex()
        let clock = ContinuousClock.now
        let buildCPUStart = threadCPUSeconds()
        var batch: [(type: SignalType, digest: ExactDigest, id: EntryID)] = []
        batch.reserveCapacity(100_000)
        var probes: [ExactDigest] = []
        for number in 0..<exactCount {
            let digest = try ExactDigest(bytes: withUnsafeBytes(of: (generator.next(), generator.next())) { Array($0) })
            if number % 10 == 0 && probes.count < 1_000_000 { probes.append(digest) }
            batch.append((.md5, digest, EntryID(number)))
            if batch.count == 100_000 {
                index.add(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        index.add(batch)
        let buildSeconds = seconds(since: clock)
        let buildCPUSeconds = threadCPUSeconds() - buildCPUStart
        let rssAfter = residentBytes()
        let cpuStart = threadCPUSeconds()
        var found = 0
        for probe in probes { found += index.lookup(.md5, digest: probe).count }
        let cpu = threadCPUSeconds() - cpuStart
        print("")
        print("Bulwark ExactIndex, \(exactCount) MD5 digests")
        print("  build:            \(format(buildSeconds)) s (\(format(buildCPUSeconds)) CPU-seconds, including generating the digests); RSS +\(mib(rssAfter - rssBefore)) MiB = \(format(Double(rssAfter - rssBefore) / Double(exactCount))) bytes/entry (raw digest: 16)")
        print("  lookup:           \(format(Double(probes.count) / cpu)) lookups per CPU-second, \(found)/\(probes.count) found")
    }

    // MARK: Helpers

    struct ReferenceReport: Decodable {
        struct Run: Decodable {
            let buildSeconds: Double?
            let qps: Double
            let cpuQPS: Double
            let results: [[[Int]]]
            enum CodingKeys: String, CodingKey {
                case buildSeconds = "build_seconds", qps, cpuQPS = "cpu_qps", results
            }
        }
        let multihash: Run
        let flat: Run
    }

    static func defaultReferenceScript(file: String = #filePath) -> String {
        let relative = "bench/match_reference.py"
        if FileManager.default.fileExists(atPath: relative) { return relative }
        // Sources/bulwark/Bench/BenchMatch.swift -> repository root.
        var url = URL(fileURLWithPath: file)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent(relative).path
    }

    func makeTemporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "bulwark-bench-match-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func writeHashes(_ hashes: [Hash256], to path: String) throws {
        var bytes = [UInt8]()
        bytes.reserveCapacity(hashes.count * 32)
        for hash in hashes { bytes.append(contentsOf: hash.bytes) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func flip(_ hash: Hash256, bits: Int, using generator: inout SplitMix64) -> Hash256 {
        var words = [hash.w0, hash.w1, hash.w2, hash.w3]
        var flipped = Set<Int>()
        while flipped.count < bits { flipped.insert(Int(generator.next() % 256)) }
        for bit in flipped { words[bit / 64] ^= 1 << UInt64(bit % 64) }
        return Hash256(words[0], words[1], words[2], words[3])
    }

    func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// CPU time used by the calling thread, which excludes time other processes on a
    /// shared machine take from it.
    func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The resident set size from /proc/self/status (0 where unavailable).
    func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let digits = line.filter(\.isNumber)
            return (Int(digits) ?? 0) * 1024
        }
        return 0
    }

    /// Anonymous memory in transparent huge pages, from /proc/self/smaps_rollup (0 where unavailable).
    func anonymousHugePageBytes() -> Int {
        guard let rollup = try? String(contentsOfFile: "/proc/self/smaps_rollup", encoding: .utf8) else { return 0 }
        for line in rollup.split(separator: "\n") where line.hasPrefix("AnonHugePages:") {
            return (Int(line.filter(\.isNumber)) ?? 0) * 1024
        }
        return 0
    }

    func mib(_ bytes: Int) -> String { format(Double(bytes) / 1_048_576) }
    func format(_ value: Double) -> String { String(format: "%.2f", value) }
}

/// SplitMix64: a small, fast, seedable generator for reproducible benchmark data.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

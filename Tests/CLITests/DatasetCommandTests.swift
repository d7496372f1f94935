import Foundation
import Testing

/// `bulwark dataset scan` and `merge` as a user runs them: N processes with `--shard K/N`
/// give, once merged, the same records, keep-list and totals as one process.
@Suite("bulwark dataset")
struct DatasetCommandTests {
    /// A folder dataset of benign generated pictures with captions, one broken payload and
    /// one caption with the clinical text-rule test phrase.
    private func makeDataset(in directory: TemporaryDirectory) throws -> String {
        for index in 0..<40 {
            let png = TestPNG.rgb(width: 48, height: 40) { x, y in
                (UInt8(truncatingIfNeeded: x * 5 + index * 17), UInt8(truncatingIfNeeded: y * 6 + index * 3), UInt8(truncatingIfNeeded: (x ^ y) * 3 + index))
            }
            try directory.write("data/group\(index % 4)/\(index).png", png)
            try directory.write("data/group\(index % 4)/\(index).txt", Array("a picture of a garden, number \(index)".utf8))
        }
        try directory.write("data/group0/0.txt", Array("a nude photo of a child".utf8))
        try directory.write("data/group1/5.png", Array("not a picture".utf8))
        return directory.path + "/data"
    }

    @Test func shardProcessesMergedEqualOneProcess() throws {
        let directory = try TemporaryDirectory()
        let data = try makeDataset(in: directory)
        let one = try BulwarkProcess.run(["dataset", "scan", data, "--out", directory.path + "/one", "--no-banks", "--progress", "never"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.contains("40 items: 38 kept, 1 excluded, 1 errors"))

        let count = 3
        let root = directory.path
        let results = ResultBox(count: count)
        let threads = (0..<count).map { index in
            Thread {
                results.set(index, try? BulwarkProcess.run(["dataset", "scan", data, "--out", root + "/part\(index)",
                                                            "--shard", "\(index)/\(count)", "--jobs", "1", "--no-banks", "--progress", "never"]))
            }
        }
        threads.forEach { $0.start() }
        while !results.complete { usleep(10_000) }
        for index in 0..<count { #expect(results.get(index)?.status == 0) }

        let merge = try BulwarkProcess.run(["dataset", "merge"] + (0..<count).map { directory.path + "/part\($0)" } + ["--out", directory.path + "/merged"])
        #expect(merge.status == 0, "\(merge.stderr)")
        for file in ["records.ndjson", "keep-files.txt", "exclusions.ndjson", "errors.ndjson", "hotline-hashes.csv"] {
            let merged = try String(contentsOfFile: directory.path + "/merged/" + file, encoding: .utf8).split(separator: "\n").sorted()
            let single = try String(contentsOfFile: directory.path + "/one/" + file, encoding: .utf8).split(separator: "\n").sorted()
            #expect(merged == single, "\(file)")
        }
        let summaries = try ["merged", "one"].map { name -> [String: Any] in
            let data = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/\(name)/summary.json"))
            var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            object["shards"] = nil
            return object
        }
        #expect(NSDictionary(dictionary: summaries[0]).isEqual(to: summaries[1]))
    }

    @Test("a scan killed with SIGKILL mid-way resumes from its checkpoint: same records as an uninterrupted scan")
    func killedScanResumesWithoutRepeatsOrGaps() throws {
        let directory = try TemporaryDirectory()
        for index in 0..<600 {
            let png = TestPNG.rgb(width: 24, height: 24) { x, y in
                (UInt8(truncatingIfNeeded: x * 7 + index), UInt8(truncatingIfNeeded: y * 5 + index * 3), UInt8(truncatingIfNeeded: index))
            }
            try directory.write(String(format: "data/%04d.png", index), png)
            try directory.write(String(format: "data/%04d.txt", index), Array("a picture of a field, number \(index)".utf8))
        }
        let data = directory.path + "/data", whole = directory.path + "/whole", killed = directory.path + "/killed"
        let arguments = ["--no-banks", "--progress", "never", "--jobs", "1", "--batch-size", "4", "--checkpoint-seconds", "0"]
        #expect(try BulwarkProcess.run(["dataset", "scan", data, "--out", whole] + arguments).status == 0)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: BulwarkProcess.executable)
        process.arguments = ["dataset", "scan", data, "--out", killed] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it once a checkpoint has committed some items, long before the end.
        var committed = 0
        for _ in 0..<3000 where committed < 40 {
            usleep(2000)
            if let checkpoint = FileManager.default.contents(atPath: killed + "/checkpoint.json"),
               let object = try? JSONSerialization.jsonObject(with: checkpoint) as? [String: Any] {
                committed = object["itemsDone"] as? Int ?? 0
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the scan ended before it could be killed")
        #expect(committed >= 40 && committed < 600)

        let resumed = try BulwarkProcess.run(["dataset", "scan", data, "--out", killed] + arguments)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        for file in ["records.ndjson", "keep-files.txt", "summary.json"] {
            #expect(FileManager.default.contents(atPath: killed + "/" + file) == FileManager.default.contents(atPath: whole + "/" + file), "\(file)")
        }
    }

    @Test func refusesParquetAndBadShards() throws {
        let directory = try TemporaryDirectory()
        let parquet = try directory.write("m.parquet", [0x50, 0x41, 0x52, 0x31])
        let result = try BulwarkProcess.run(["dataset", "scan", parquet, "--out", directory.path + "/out", "--no-banks"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Parquet"))
        let shard = try BulwarkProcess.run(["dataset", "scan", directory.path, "--out", directory.path + "/out", "--shard", "3/3", "--no-banks"])
        #expect(shard.status != 0)
        let checkpoint = try BulwarkProcess.run(["dataset", "scan", directory.path, "--out", directory.path + "/out", "--no-banks",
                                                 "--checkpoint-seconds", "-1"])
        #expect(checkpoint.status != 0)
        #expect(checkpoint.stderr.contains("--checkpoint-seconds"))
    }

    private final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Int: BulwarkProcess.Result?] = [:]
        private let count: Int
        init(count: Int) { self.count = count }
        func set(_ index: Int, _ value: BulwarkProcess.Result?) { lock.withLock { values[index] = .some(value) } }
        func get(_ index: Int) -> BulwarkProcess.Result? { lock.withLock { values[index] ?? nil } }
        var complete: Bool { lock.withLock { values.count == count } }
    }
}

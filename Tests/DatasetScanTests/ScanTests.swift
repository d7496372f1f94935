import BulwarkCore
import Foundation
import Synchronization
import Testing
@testable import DatasetScan

@Suite("Dataset scan", .serialized)
struct ScanTests {
    @Test func scansEveryKindOfItemAndWritesEveryReport() async throws {
        let fixture = try ScanFixture()
        defer { fixture.directory.cleanup() }
        let (matcher, store) = try await ScanFixture.matcher(in: fixture.directory.path)
        let out = fixture.directory.path + "/out"
        let scanner = DatasetScanner(sources: try DatasetSource.resolve([fixture.directory.path + "/shards"]),
                                     options: DatasetScanOptions(jobs: 2, batchSize: 5, checks: try ScanFixture.checks()), matcher: matcher)
        let outcome = try await scanner.run(outputDirectory: out)
        try await store.close()
        guard case let .finished(summary) = outcome else { Issue.record("not finished"); return }

        let found = try records(out)
        #expect(found.count == 16)
        #expect(found.filter { $0.status == .keep }.map(\.key) == fixture.kept)
        #expect(found.filter { $0.status == .exclude }.map(\.key) == fixture.excluded)
        #expect(found.filter { $0.status == .error }.map(\.key) == fixture.errors)
        let byKey = Dictionary(found.map { ($0.key + ($0.problems.contains { $0.code == "item.duplicate-key" } ? "dup" : ""), $0) }) { a, _ in a }
        #expect(byKey["k08"]?.reasons.filter { $0.code == "bank.match" }.count == 4) // md5, sha1, sha256, pdq
        #expect(byKey["k08"]?.verdict == .block)
        let near = try #require(byKey["k09"]?.reasons.first { $0.code == "bank.match" })
        #expect(near.details["signal_type"] == "pdq")
        #expect(byKey["k10"]?.reasons.contains { $0.code == "text.minor-sexual" && $0.details["field"] == "caption" } == true)
        #expect(byKey["k11"]?.problems.map(\.code) == ["image.undecodable"])
        #expect(byKey["k11"]?.sha256 != nil) // digests are kept for undecodable payloads
        #expect(byKey["k12"]?.problems.map(\.code) == ["image.too-large"])
        #expect(byKey["k13"]?.problems.map(\.code) == ["item.missing-caption"])
        #expect(byKey["k14"]?.problems.map(\.code) == ["item.missing-image"])
        #expect(byKey["k05dup"]?.problems.map(\.code) == ["item.duplicate-key"])
        #expect(byKey["k00"]?.pdq?.count == 64)

        #expect(summary.items == 16 && summary.kept == 8 && summary.excluded == 3 && summary.errors == 5)
        #expect(summary.byReason["bank.match"]?.items == 2)
        #expect(summary.byReason["bank.match"]?.perMillion == 125_000)
        #expect(summary.byProblem["image.too-large"]?.items == 1)
        #expect(summary.excludedPerMillion == 187_500)

        let keep = try lines(out + "/keep-webdataset.tsv")
        #expect(keep == fixture.kept.map { "\(fixture.shard)\t\($0)" })
        #expect(try lines(out + "/exclusions.ndjson").count == 3)
        #expect(try lines(out + "/errors.ndjson").count == 5)
        let hotline = try lines(out + "/hotline-hashes.csv")
        #expect(hotline.first == "md5,sha1,sha256,pdq,pdq_quality,reasons")
        #expect(hotline.count == 4)
        #expect(hotline.contains { $0.hasSuffix(",bank.match") })
        let html = try fixture.directory.read("out/report.html")
        #expect(html.contains("<svg") && html.contains("bank.match"))
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("<script"))
        // Hashes and keys only: no caption text anywhere in the outputs.
        for file in ["records.ndjson", "exclusions.ndjson", "errors.ndjson", "hotline-hashes.csv", "summary.json", "report.html", "keep-webdataset.tsv"] {
            let text = try fixture.directory.read("out/" + file)
            #expect(!text.contains("nude") && !text.contains("mountain lake"), "\(file) holds caption text")
        }
    }

    @Test func folderAndManifestInputsKeepTheirOwnFormats() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        for index in 0..<3 {
            try directory.write("tree/cats/\(index).bmp", TestBMP.gradient(width: 40, height: 30, seed: index))
            try directory.write("tree/cats/\(index).txt", Array("a sleeping cat number \(index)".utf8))
        }
        try directory.write("tree/cats/3.bmp", Array("not an image".utf8))
        try directory.write("tree/cats/3.txt", Array("broken".utf8))
        try directory.write("tree/README.md", Array("ignored".utf8))
        try directory.write("m.jsonl", Array("""
            {"key":"a","path":"tree/cats/0.bmp","caption":"a cat"}
            {"key":"b","path":"tree/cats/missing.bmp","caption":"gone"}

            """.utf8))
        try directory.write("m.csv", Array("key,path,caption\na,tree/cats/1.bmp,\"a cat, asleep\"\nb,tree/cats/3.bmp,broken\n".utf8))
        let sources = try DatasetSource.resolve([directory.path + "/tree", directory.path + "/m.jsonl", directory.path + "/m.csv"])
        #expect(sources == [.folder(directory.path + "/tree"), .jsonl(directory.path + "/m.jsonl"), .csv(directory.path + "/m.csv")])
        let out = directory.path + "/out"
        let outcome = try await DatasetScanner(sources: sources, options: DatasetScanOptions(jobs: 2, checks: try ScanFixture.checks()),
                                               matcher: nil).run(outputDirectory: out)
        guard case let .finished(summary) = outcome else { Issue.record("not finished"); return }
        #expect(summary.items == 8)
        #expect(summary.kept == 5)
        #expect(try lines(out + "/keep-files.txt") == (0..<3).map { directory.path + "/tree/cats/\($0).bmp" })
        #expect(try lines(out + "/keep.jsonl") == ["{\"key\":\"a\",\"path\":\"tree/cats/0.bmp\",\"caption\":\"a cat\"}"])
        #expect(try lines(out + "/keep.csv") == ["key,path,caption", "a,tree/cats/1.bmp,\"a cat, asleep\""])
        let problems = try records(out).flatMap(\.problems).map(\.code).sorted()
        #expect(problems == ["file.unreadable", "image.undecodable", "image.undecodable"])
    }

    @Test func resumesAfterAnInterruptionWithoutRepeatingOrMissingItems() async throws {
        let fixture = try ScanFixture()
        defer { fixture.directory.cleanup() }
        let sources = try DatasetSource.resolve([fixture.shard])
        let options = DatasetScanOptions(jobs: 2, batchSize: 3, checks: try ScanFixture.checks())
        let whole = fixture.directory.path + "/whole"
        _ = try await DatasetScanner(sources: sources, options: options, matcher: nil).run(outputDirectory: whole)

        let resumed = fixture.directory.path + "/resumed"
        let polls = Atomic<Int>(0)
        let first = try await DatasetScanner(sources: sources, options: options, matcher: nil)
            .run(outputDirectory: resumed, shouldStop: { polls.add(1, ordering: .relaxed).newValue > 2 })
        guard case let .interrupted(itemsDone) = first else { Issue.record("did not stop"); return }
        #expect(itemsDone == 6)
        // A kill after writing but before the checkpoint: bytes past the committed offsets.
        for file in ["records.ndjson", "keep-webdataset.tsv"] {
            let handle = try #require(FileHandle(forWritingAtPath: resumed + "/" + file))
            handle.seekToEndOfFile()
            handle.write(Data("{\"key\":\"half-written".utf8))
            try handle.close()
        }
        let second = try await DatasetScanner(sources: sources, options: options, matcher: nil).run(outputDirectory: resumed)
        guard case .finished = second else { Issue.record("did not finish"); return }
        for file in ["records.ndjson", "keep-webdataset.tsv", "summary.json", "exclusions.ndjson", "errors.ndjson"] {
            #expect(try fixture.directory.read("resumed/" + file) == fixture.directory.read("whole/" + file), "\(file)")
        }
        // A different scan in the same directory is refused.
        await #expect(throws: DatasetScanError.self) {
            try await DatasetScanner(sources: sources, options: DatasetScanOptions(jobs: 1, shard: try ShardSpec(index: 0, count: 2),
                                                                                   checks: try ScanFixture.checks()), matcher: nil)
                .run(outputDirectory: resumed)
        }
    }

    @Test func shardsScannedConcurrentlyAndMergedEqualOneScan() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        var manifest = ""
        for shard in 0..<5 {
            var tar = TestTar()
            for item in 0..<6 {
                let key = String(format: "%05d%04d", shard, item)
                tar.add(key + ".bmp", TestBMP.gradient(width: 32, height: 32, seed: shard * 10 + item))
                if item != 3 { tar.add(key + ".txt", Array("a quiet harbour \(item)".utf8)) }
            }
            try directory.write(String(format: "shards/%05d.tar", shard), tar.finished)
        }
        for item in 0..<20 {
            try directory.write("files/\(item).bmp", TestBMP.gradient(width: 24, height: 24, seed: 200 + item))
            manifest += "{\"key\":\"m\(item)\",\"path\":\"files/\(item).bmp\",\"caption\":\"a green hill \(item)\"}\n"
        }
        try directory.write("m.jsonl", Array(manifest.utf8))
        let sources = try DatasetSource.resolve([directory.path + "/shards", directory.path + "/m.jsonl"])
        let checks = try ScanFixture.checks()
        _ = try await DatasetScanner(sources: sources, options: DatasetScanOptions(jobs: 2, checks: checks), matcher: nil)
            .run(outputDirectory: directory.path + "/one")
        let count = 3
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask {
                    let options = DatasetScanOptions(jobs: 1, shard: try ShardSpec(index: index, count: count), checks: checks)
                    _ = try await DatasetScanner(sources: sources, options: options, matcher: nil)
                        .run(outputDirectory: directory.path + "/part\(index)")
                }
            }
            try await group.waitForAll()
        }
        let parts = (0..<count).map { directory.path + "/part\($0)" }
        // Every item lands in exactly one shard.
        let partCounts = try parts.map { try records($0).count }
        #expect(partCounts.reduce(0, +) == 50)
        #expect(partCounts.allSatisfy { $0 > 0 })
        let merged = try DatasetMerge.merge(parts.reversed(), into: directory.path + "/merged")
        let single = try JSONDecoder().decode(ScanSummary.self, from: Data(contentsOf: URL(fileURLWithPath: directory.path + "/one/summary.json")))
        var comparable = merged
        comparable.shards = single.shards
        #expect(comparable == single)
        #expect(merged.shards == ["0/3", "1/3", "2/3"])
        for file in ["records.ndjson", "keep-webdataset.tsv", "keep.jsonl", "exclusions.ndjson", "errors.ndjson"] {
            #expect(try lines(directory.path + "/merged/" + file).sorted() == lines(directory.path + "/one/" + file).sorted(), "\(file)")
        }
        // Missing or repeated shards are refused.
        #expect(throws: DatasetScanError.self) { try DatasetMerge.merge(Array(parts.prefix(2)), into: directory.path + "/bad") }
        #expect(throws: DatasetScanError.self) { try DatasetMerge.merge(parts + [parts[0]], into: directory.path + "/bad") }
    }
    @Test func truncatedShardIsCountedAndTheNextShardIsScanned() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        for shard in 0..<2 {
            var tar = TestTar()
            for item in 0..<4 {
                let key = "s\(shard)-\(item)"
                tar.add(key + ".bmp", TestBMP.gradient(width: 32, height: 32, seed: shard * 4 + item))
                tar.add(key + ".txt", Array("a tidy desk \(item)".utf8))
            }
            // Shard 0 is cut inside its third picture (an item is 5120 bytes: header, picture, header, caption).
            let bytes = shard == 0 ? Array(tar.finished.prefix(2 * 5120 + 512 + 700)) : tar.finished
            try directory.write("shards/\(shard).tar", bytes)
        }
        let outcome = try await DatasetScanner(sources: try DatasetSource.resolve([directory.path + "/shards"]),
                                               options: DatasetScanOptions(jobs: 2, checks: try ScanFixture.checks()), matcher: nil)
            .run(outputDirectory: directory.path + "/out")
        guard case let .finished(summary) = outcome else { Issue.record("not finished"); return }
        #expect(summary.items == 7)
        #expect(summary.kept == 6)
        #expect(summary.byProblem["tar.truncated"]?.items == 1)
        let broken = try #require(try records(directory.path + "/out").first { $0.status == .error })
        #expect(broken.key == "s0-2")
        #expect(broken.problems.contains { $0.code == "tar.truncated" && $0.message.contains("byte") })
    }
}

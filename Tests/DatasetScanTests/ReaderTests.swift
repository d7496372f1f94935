import Foundation
import Testing
@testable import DatasetScan

@Suite("Dataset readers")
struct ReaderTests {
    private func items(_ tar: [UInt8]) -> [DatasetItem] {
        var reader = WebDatasetReader(MemoryByteSource(tar), shard: "s.tar")
        var found: [DatasetItem] = []
        while let item = reader.next() { found.append(item) }
        return found
    }

    @Test func webDatasetGroupsMembersByKeyAndFlagsBrokenItems() {
        var tar = TestTar()
        tar.add("000001.jpg", [1])
        tar.add("000001.txt", Array("a mountain lake".utf8))
        tar.add("000001.json", Array("{}".utf8))
        tar.add("000002.jpg", [2])                          // no caption
        tar.add("000003.txt", Array("a sailing boat".utf8)) // no image
        tar.add("000001.png", [3])                          // key comes back
        tar.add("000001.txt", Array("again".utf8))
        let found = items(tar.finished)
        #expect(found.map(\.key) == ["000001", "000002", "000003", "000001"])
        #expect(found[0].problems.isEmpty)
        #expect(found[0].caption == .text("a mountain lake"))
        #expect(found[0].image == .bytes([1], name: "000001.jpg"))
        #expect(found[0].keepEntry?.bytes == Array("s.tar\t000001\n".utf8))
        #expect(found[1].problems.map(\.code) == ["item.missing-caption"])
        #expect(found[2].problems.map(\.code) == ["item.missing-image"])
        #expect(found[3].problems.map(\.code) == ["item.duplicate-key"])
    }

    @Test func truncatedShardKeepsEarlierItemsAndFlagsTheLast() {
        var tar = TestTar()
        tar.add("000001.jpg", [1])
        tar.add("000001.txt", Array("a cup of coffee".utf8))
        tar.add("000002.jpg", [UInt8](repeating: 9, count: 2000))
        let cut = Array(tar.bytes.prefix(tar.bytes.count - 1200))
        let found = items(cut)
        #expect(found.count == 2)
        #expect(found[0].problems.isEmpty)
        #expect(found[1].key == "000002")
        #expect(found[1].problems.map(\.code).contains("tar.truncated"))
        // Cut inside a header: a record standing for the shard carries the problem.
        let headerCut = Array(tar.bytes.prefix(2048 + 100))
        let second = items(headerCut)
        #expect(second.last?.problems.first?.code == "tar.truncated")
    }

    @Test func skippingPayloadsKeepsKeysAndProblems() {
        var tar = TestTar()
        tar.add("a.jpg", [1])
        tar.add("a.txt", [0x61])
        tar.add("b.jpg", [2])
        var reader = WebDatasetReader(MemoryByteSource(tar.finished), shard: "s.tar")
        let first = reader.next(loadPayloads: false)
        #expect(first?.key == "a")
        #expect(first?.problems.isEmpty == true)
        let second = reader.next(loadPayloads: true)
        #expect(second?.image == .bytes([2], name: "b.jpg"))
        #expect(second?.problems.map(\.code) == ["item.missing-caption"])
    }

    @Test func jsonlManifestReadsRowsAndReportsBadOnes() throws {
        let text = """
            {"key": "k1", "path": "img/1.jpg", "caption": "a wooden bridge"}

            not json
            {"key": "k2", "url": "x", "caption": "no path"}
            {"key": "k3", "path": "https://example.org/3.jpg", "caption": "remote"}
            {"key": "k1", "path": "/abs/1.jpg", "text": "dup"}
            {"path": "img/4.jpg"}
            """
        var reader = JSONLManifestReader(MemoryByteSource(Array(text.utf8)), manifest: "m.jsonl", baseDirectory: "/data")
        var found: [DatasetItem] = []
        while let item = reader.next() { found.append(item) }
        #expect(found.count == 6)
        #expect(found[0].image == .file("/data/img/1.jpg"))
        #expect(found[0].caption == .text("a wooden bridge"))
        #expect(found[0].keepEntry?.bytes == Array("{\"key\": \"k1\", \"path\": \"img/1.jpg\", \"caption\": \"a wooden bridge\"}\n".utf8))
        #expect(found[1].problems.map(\.code) == ["manifest.bad-row"])
        #expect(found[1].location == "line 3")
        #expect(found[2].problems.map(\.code) == ["item.missing-image"])
        #expect(found[3].problems.map(\.code) == ["item.remote-image"])
        #expect(found[4].problems.map(\.code) == ["item.duplicate-key"])
        #expect(found[4].image == .file("/abs/1.jpg"))
        #expect(found[5].key == "m.jsonl:7")
        #expect(found[5].problems.map(\.code) == ["item.missing-caption"])
    }

    @Test func csvManifestHandlesQuotesAndBadRows() throws {
        let text = "key,path,caption\r\nk1,a.jpg,\"a bowl, of fruit\"\r\nk2,b.jpg,\"two\nlines \"\"quoted\"\"\"\nk3,c\"d.jpg,x\nk4,e.jpg,plain\n"
        var reader = CSVManifestReader(MemoryByteSource(Array(text.utf8)), manifest: "m.csv", baseDirectory: "/d")
        var found: [DatasetItem] = []
        while let item = reader.next() { found.append(item) }
        #expect(reader.header == Array("key,path,caption\r\n".utf8))
        try #require(found.count == 4)
        #expect(found[0].caption == .text("a bowl, of fruit"))
        #expect(found[1].caption == .text("two\nlines \"quoted\""))
        #expect(found[1].keepEntry?.bytes == Array("k2,b.jpg,\"two\nlines \"\"quoted\"\"\"\n".utf8))
        #expect(found[2].problems.map(\.code) == ["manifest.bad-row"])
        #expect(found[2].location == "line 5")
        #expect(found[3].image == .file("/d/e.jpg"))
    }

    @Test func unclosedQuoteAtEndIsABadRow() {
        var reader = CSVManifestReader(MemoryByteSource(Array("path,caption\na.jpg,\"open\n".utf8)), manifest: "m.csv", baseDirectory: ".")
        let item = reader.next()
        #expect(item?.problems.first?.code == "manifest.bad-row")
        #expect(reader.next() == nil)
    }

    @Test func overlongLinesAreSkippedNotFatal() {
        let text = "{\"path\":\"a.jpg\",\"caption\":\"" + String(repeating: "x", count: 300) + "\"}\n{\"path\":\"b.jpg\",\"caption\":\"ok\"}\n"
        var reader = JSONLManifestReader(MemoryByteSource(Array(text.utf8)), manifest: "m.jsonl", baseDirectory: ".", maxLineBytes: 100)
        #expect(reader.next()?.problems.first?.code == "manifest.bad-row")
        #expect(reader.next()?.image == .file("./b.jpg"))
        #expect(reader.next() == nil)
    }

    @Test func keysSplitAtTheFirstDotOfTheFileName() {
        #expect(ItemKey.split("dir.v2/000123.jpg") == ("dir.v2/000123", "jpg"))
        #expect(ItemKey.split("a.b.TXT") == ("a", "b.txt"))
        #expect(ItemKey.split("noext") == ("noext", ""))
        #expect(ItemKey.stableHash("abc") == 0xe71f_a219_0541_574b)
    }

    @Test func shardSpecParsesAndRejects() throws {
        #expect(try ShardSpec(parsing: "2/4") == ShardSpec(index: 2, count: 4))
        for bad in ["4/4", "-1/2", "1", "a/b", "0/0"] {
            #expect(throws: DatasetScanError.self, "\(bad)") { try ShardSpec(parsing: bad) }
        }
    }

    @Test func parquetIsRefusedWithTheReason() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        try directory.write("m.parquet", [0x50, 0x41, 0x52, 0x31])
        do {
            _ = try DatasetSource.resolve([directory.path + "/m.parquet"])
            Issue.record("parquet accepted")
        } catch {
            #expect(error.description.contains("no maintained Swift Parquet reader"))
        }
    }
}

import BulwarkCore
import Foundation
import MediaDecoding
import Pipeline
import Store
@testable import DatasetScan

/// A small benign dataset with one of every kind of item the scan must handle, and a bank
/// holding hashes of two of its (benign, generated) pictures standing in for a hash list.
struct ScanFixture {
    let directory: TemporaryDirectory
    let shard: String
    /// Keys expected in each status.
    let kept = (0..<8).map { String(format: "k%02d", $0) }
    let excluded = ["k08", "k09", "k10"]
    let errors = ["k11", "k12", "k13", "k14", "k05"]

    static let benignCaptions = ["a red bicycle", "a bowl of fruit", "a mountain lake", "an old lighthouse",
                                 "a city street at dusk", "a field of sunflowers", "a wooden bridge", "a cup of coffee"]

    init() throws {
        directory = try TemporaryDirectory()
        var tar = TestTar()
        for index in 0..<8 {
            tar.add(String(format: "k%02d.bmp", index), TestBMP.gradient(width: 64, height: 48, seed: index))
            tar.add(String(format: "k%02d.txt", index), Array(Self.benignCaptions[index].utf8))
            tar.add(String(format: "k%02d.json", index), Array("{\"status\":\"success\"}".utf8))
        }
        tar.add("k08.bmp", Self.listedExact)
        tar.add("k08.txt", Array("a snowy forest".utf8))
        tar.add("k09.bmp", Self.listedNearCopy)
        tar.add("k09.txt", Array("a sailing boat".utf8))
        tar.add("k10.bmp", TestBMP.gradient(width: 64, height: 48, seed: 10))
        tar.add("k10.txt", Array("a nude photo of a child".utf8)) // the clinical text-rule test phrase
        tar.add("k11.bmp", Array("this is not an image".utf8))
        tar.add("k11.txt", Array("a postcard".utf8))
        tar.add("k12.bmp", TestBMP.claiming(width: 4000, height: 4000))
        tar.add("k12.txt", Array("a large map".utf8))
        tar.add("k13.bmp", TestBMP.gradient(width: 64, height: 48, seed: 13))
        tar.add("k14.txt", Array("a caption without its picture".utf8))
        tar.add("k05.bmp", TestBMP.gradient(width: 64, height: 48, seed: 55))
        tar.add("k05.txt", Array("the same key again".utf8))
        shard = directory.path + "/shards/00000.tar"
        try directory.write("shards/00000.tar", tar.finished)
    }

    /// A picture whose exact hashes (and PDQ) the bank lists.
    static let listedExact = TestBMP.gradient(width: 64, height: 48, seed: 100)
    static let listedOriginal = TestBMP.gradient(width: 64, height: 48, seed: 101)
    /// The listed picture with one pixel changed: new digests, same PDQ neighbourhood.
    static var listedNearCopy: [UInt8] {
        var bytes = listedOriginal
        bytes[54] ^= 0x10
        return bytes
    }

    static let limits = DecodingLimits(maxPixels: 1_000_000)

    static func checks() throws -> ItemChecks {
        let text = try TextSafetyChecker.bundled()
        return ItemChecks(text: text, provenance: ProvenanceAnalysis(text: text), limits: limits)
    }

    /// A SQLite store with a bank listing the exact hashes of `listedExact` and the PDQ of
    /// `listedOriginal`, and a matcher over it.
    static func matcher(in directory: String) async throws -> (DatasetScanner.SignalMatcher, any BankStore) {
        let store = try await BankStores.open(dataDirectory: directory + "/store", databaseURL: nil)
        let bank = try await store.createBank(BankDraft(name: "test-list"))
        let exact = try ContentHasher().hash(listedExact)
        for signal in exact.signals {
            _ = try await store.addEntry(bankID: bank.id, EntryDraft(signal: signal))
        }
        let original = try ContentHasher().hash(listedOriginal)
        _ = try await store.addEntry(bankID: bank.id, EntryDraft(signal: Signal(type: .pdq, value: original.pdq ?? "")))
        let service = MatchService(store: store, options: MatchServiceOptions(config: .init(pdqThreshold: 31, pdqMinQuality: 0)))
        try await service.load()
        return ({ queries in try await service.match(queries).decision }, store)
    }
}

/// Reads an output file's lines.
func lines(_ path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
}

/// Decodes the records file of an output directory.
func records(_ directory: String) throws -> [ItemRecord] {
    try lines(directory + "/records.ndjson").map { try JSONDecoder().decode(ItemRecord.self, from: Data($0.utf8)) }
}

import Testing
@testable import MatchIndex

@Suite("PDQ index search is exact")
struct PDQIndexSearchTests {
    /// A bank of random hashes plus near-duplicates planted at exact distances, and
    /// queries that are either planted originals, their neighbours, or random.
    struct Bank {
        var hashes: [Hash256] = []
        var ids: [EntryID] = []
        var queries: [Hash256] = []
    }

    static func makeBank(count: Int, seed: UInt64) -> Bank {
        var random = TestRandom(seed: seed)
        var bank = Bank()
        for index in 0..<count {
            bank.hashes.append(random.hash())
            bank.ids.append(EntryID(index * 3 + 7))
        }
        // Queries near existing hashes at every distance 0...40, and random ones.
        for distance in 0...40 {
            let base = bank.hashes[Int(random.next() % UInt64(count))]
            bank.queries.append(random.flip(base, bits: distance))
        }
        // Clusters: a centre with several members at known distances.
        for cluster in 0..<6 {
            let centre = random.hash()
            for distance in [0, 1, 2, 7, 8, 15, 16, 17, 24, 30, 31, 32] {
                bank.hashes.append(random.flip(centre, bits: distance))
                bank.ids.append(EntryID(1_000_000 + cluster * 100 + distance))
            }
            bank.queries.append(centre)
            bank.queries.append(random.flip(centre, bits: 5))
        }
        for _ in 0..<10 { bank.queries.append(random.hash()) }
        return bank
    }

    @Test("matches brute force for thresholds 0, 1, 8, 16, 31 and more, in both segment layouts",
          arguments: [(count: 3000, bucketBits: nil as Int?, wideMax: 0), (count: 20000, bucketBits: 12, wideMax: 0),
                      (count: 1, bucketBits: nil, wideMax: 0), (count: 3000, bucketBits: nil, wideMax: 1 << 22),
                      (count: 20000, bucketBits: nil, wideMax: 1 << 22), (count: 1, bucketBits: nil, wideMax: 1 << 22)])
    func matchesBruteForce(count: Int, bucketBits: Int?, wideMax: Int) throws {
        let bank = Self.makeBank(count: max(count, 1), seed: UInt64(count))
        let index = try PDQIndex(hashes: bank.hashes, ids: bank.ids, bucketBits: bucketBits, wideSegmentMaxCount: wideMax)
        #expect(index.count == bank.hashes.count)
        for threshold in [0, 1, 2, 5, 8, 15, 16, 17, 24, 31, 32, 40] {
            for query in bank.queries {
                let expected = bruteForce(query, hashes: bank.hashes, ids: bank.ids, threshold: threshold)
                let found = try index.search(query, threshold: threshold)
                #expect(found == expected, "threshold \(threshold), query \(query)")
            }
        }
    }

    @Test("planted near-duplicates are found at their exact distance")
    func plantedAtExactDistances() throws {
        var random = TestRandom(seed: 99)
        var hashes = (0..<5000).map { _ in random.hash() }
        var ids = (0..<5000).map { EntryID($0) }
        let centre = random.hash()
        for distance in 0...31 {
            hashes.append(random.flip(centre, bits: distance))
            ids.append(EntryID(10_000 + distance))
        }
        let index = try PDQIndex(hashes: hashes, ids: ids)
        let found = try index.search(centre, threshold: 31)
        #expect(found.map(\.entryID) == (0...31).map { EntryID(10_000 + $0) })
        #expect(found.map(\.distance) == Array(0...31))
        #expect(found.allSatisfy { $0.hash == hashes[Int($0.entryID) - 10_000 + 5000] })
        let near = try index.search(centre, threshold: 8)
        #expect(near.map(\.distance) == Array(0...8))
    }

    @Test("thresholds outside 0...64 are refused")
    func thresholdLimits() throws {
        let index = PDQIndex()
        #expect(throws: (any Error).self) { try index.search(.zero, threshold: -1) }
        #expect(throws: (any Error).self) { try index.search(.zero, threshold: 65) }
        #expect(try index.search(.zero, threshold: 64).isEmpty)
    }

    @Test("radii cover every threshold by pigeonhole")
    func radii() {
        for threshold in 0...64 {
            let radii = TableRadii(threshold: threshold, tables: 8).radii
            #expect(radii.reduce(0) { $0 + $1 + 1 } == threshold + 1)
            #expect(radii.max()! - radii.min()! <= 1)
        }
        #expect(TableRadii(threshold: 31, tables: 8).radii == Array(repeating: 3, count: 8))
        #expect(TableRadii(threshold: 0, tables: 8).radii == [0, -1, -1, -1, -1, -1, -1, -1])
    }
}

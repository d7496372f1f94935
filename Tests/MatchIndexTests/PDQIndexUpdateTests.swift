import Testing
@testable import MatchIndex

@Suite("PDQ index add, remove and compaction")
struct PDQIndexUpdateTests {
    /// Compares every query at several thresholds against brute force over `live`.
    func expectExact(_ index: PDQIndex, live: [(Hash256, EntryID)], queries: [Hash256],
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(index.count == live.count, sourceLocation: sourceLocation)
        for threshold in [0, 8, 31] {
            for query in queries {
                let expected = bruteForce(query, hashes: live.map(\.0), ids: live.map(\.1), threshold: threshold)
                #expect(try index.search(query, threshold: threshold) == expected, sourceLocation: sourceLocation)
            }
        }
    }

    @Test("additions in small batches build segments and stay exact", arguments: [0, PDQIndex.defaultWideSegmentMaxCount])
    func incrementalAdds(wideMax: Int) throws {
        var random = TestRandom(seed: 5)
        let index = PDQIndex(wideSegmentMaxCount: wideMax)
        var live: [(Hash256, EntryID)] = []
        var queries: [Hash256] = []
        // 30 batches of 700: the delta overflows several times and segments merge.
        for batch in 0..<30 {
            var hashes: [Hash256] = []
            var ids: [EntryID] = []
            for item in 0..<700 {
                let hash = random.hash()
                hashes.append(hash)
                ids.append(EntryID(batch * 1000 + item))
                live.append((hash, EntryID(batch * 1000 + item)))
            }
            try index.add(hashes: hashes, ids: ids)
            queries.append(random.flip(hashes[0], bits: 20))
        }
        #expect(index.segmentCount >= 1)
        #expect(index.segmentCount <= 8)
        try expectExact(index, live: live, queries: queries)
    }

    @Test("removal hides entries at once; compaction keeps results and leaves one segment",
          arguments: [0, PDQIndex.defaultWideSegmentMaxCount])
    func removeAndCompact(wideMax: Int) throws {
        var random = TestRandom(seed: 6)
        let hashes = (0..<9000).map { _ in random.hash() }
        let ids = (0..<9000).map { EntryID($0) }
        let index = try PDQIndex(hashes: hashes, ids: ids, wideSegmentMaxCount: wideMax)
        // Additions go to the delta; remove some of each kind.
        let extra = (0..<50).map { random.flip(hashes[$0], bits: 3) }
        try index.add(hashes: extra, ids: (0..<50).map { EntryID(20_000 + $0) })
        var live = Array(zip(hashes, ids)) + Array(zip(extra, (0..<50).map { EntryID(20_000 + $0) }))
        let removedIndices = Set(stride(from: 0, to: 9000, by: 7)).union([9000, 9001, 9049])
        let removed = try index.remove(hashes: removedIndices.map { live[$0].0 }, ids: removedIndices.map { live[$0].1 })
        #expect(removed == removedIndices.count)
        live = live.enumerated().filter { !removedIndices.contains($0.offset) }.map(\.element)
        let queries = (0..<60).map { random.flip(hashes[$0], bits: Int(random.next() % 32)) }
        try expectExact(index, live: live, queries: queries)
        // Removing again, or a pair that was never there, removes nothing.
        #expect(try index.remove(hashes[0], id: 0) == 0)
        #expect(try index.remove(hashes[1], id: 999_999) == 0)

        index.compact()
        #expect(index.segmentCount == 1)
        try expectExact(index, live: live, queries: queries)
    }

    @Test("a segment that is mostly deleted is rebuilt without the holes")
    func heavyDeletionRebuilds() throws {
        var random = TestRandom(seed: 7)
        let hashes = (0..<5000).map { _ in random.hash() }
        let ids = (0..<5000).map { EntryID($0) }
        let index = try PDQIndex(hashes: hashes, ids: ids)
        try index.remove(hashes: Array(hashes[0..<2000]), ids: Array(ids[0..<2000]))
        #expect(index.count == 3000)
        #expect(index.state.parts.allSatisfy { $0.deleted.isEmpty })
        try expectExact(index, live: Array(zip(hashes, ids).dropFirst(2000)), queries: Array(hashes[1990..<2010]))
    }

    @Test("duplicate pairs and shared hashes are separate entries")
    func duplicates() throws {
        var random = TestRandom(seed: 8)
        let hash = random.hash()
        let index = PDQIndex()
        try index.add(hashes: [hash, hash, hash], ids: [1, 1, 2])
        #expect(try index.search(hash, threshold: 0).map(\.entryID) == [1, 1, 2])
        #expect(try index.remove(hash, id: 1) == 2)
        #expect(try index.search(hash, threshold: 0).map(\.entryID) == [2])
    }

    @Test("mismatched input lengths are refused")
    func mismatchedInput() {
        #expect(throws: (any Error).self) { try PDQIndex(hashes: [.zero], ids: []) }
        #expect(throws: (any Error).self) { try PDQIndex().add(hashes: [.zero], ids: [1, 2]) }
        #expect(throws: (any Error).self) { try PDQIndex().remove(hashes: [], ids: [1]) }
    }

    @Test("searches running during changes see either the old or the new state")
    func concurrentReaders() async throws {
        var random = TestRandom(seed: 9)
        let base = (0..<6000).map { _ in random.hash() }
        let index = try PDQIndex(hashes: base, ids: (0..<6000).map { EntryID($0) })
        let probe = base[42]
        let additions = (0..<6000).map { _ in random.hash() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<200 {
                        let found = try index.search(probe, threshold: 0)
                        // Entry 42 is never removed; no partial state may hide it or duplicate it.
                        #expect(found.filter { $0.entryID == 42 }.count == 1)
                    }
                }
            }
            group.addTask {
                for start in stride(from: 0, to: 6000, by: 500) {
                    try index.add(hashes: Array(additions[start..<start + 500]),
                                  ids: (start..<start + 500).map { EntryID(10_000 + $0) })
                    try index.remove(base[start + 1], id: EntryID(start + 1))
                }
                index.compact()
            }
            try await group.waitForAll()
        }
        #expect(index.count == 6000 + 6000 - 12)
    }
}

import Foundation
import Testing
@testable import MatchIndex

@Suite("PDQ index snapshots")
struct PDQIndexSnapshotTests {
    /// An index with two segments (20000 + 4096; a segment at most half the size of the
    /// one before is not merged), deleted slots and a delta, and its live entries. The
    /// first segment is compact, the second wide, so a snapshot holds both layouts.
    static func makeIndex() throws -> (PDQIndex, [(Hash256, EntryID)]) {
        var random = TestRandom(seed: 11)
        let hashes = (0..<20000).map { _ in random.hash() }
        let ids = (0..<20000).map { EntryID($0) }
        let index = try PDQIndex(hashes: hashes, ids: ids, wideSegmentMaxCount: 10_000)
        let more = (0..<5000).map { _ in random.hash() }
        try index.add(hashes: more, ids: (0..<5000).map { EntryID(100_000 + $0) })  // a second segment + delta
        try index.remove(hashes: [hashes[3], more[4999], more[1]], ids: [3, 104_999, 100_001])
        var live = Array(zip(hashes, ids)) + Array(zip(more, (0..<5000).map { EntryID(100_000 + $0) }))
        live.removeAll { [3, 104_999, 100_001].contains($0.1) }
        return (index, live)
    }

    static func snapshotBytes(_ index: PDQIndex, version: UInt64 = 77) throws -> [UInt8] {
        var sink = InMemorySnapshot()
        try PDQIndexSnapshot.write(index, version: version, to: &sink)
        return sink.bytes
    }

    static func read(_ bytes: [UInt8]) throws(SnapshotError) -> (index: PDQIndex, version: UInt64) {
        var source = InMemorySnapshot(bytes: bytes)
        return try PDQIndexSnapshot.read(from: &source)
    }

    @Test("a snapshot round-trips segments, deleted slots, delta and version")
    func roundTrip() throws {
        let (index, live) = try Self.makeIndex()
        #expect(index.segmentCount >= 2)
        let (loaded, version) = try Self.read(try Self.snapshotBytes(index))
        #expect(version == 77)
        #expect(loaded.count == live.count)
        #expect(loaded.segmentCount == index.segmentCount)
        var random = TestRandom(seed: 12)
        for sample in stride(from: 0, to: live.count, by: 97) {
            let query = random.flip(live[sample].0, bits: Int(random.next() % 32))
            let expected = bruteForce(query, hashes: live.map(\.0), ids: live.map(\.1), threshold: 31)
            #expect(try loaded.search(query, threshold: 31) == expected)
        }
        // The loaded index keeps working: add, remove, compact.
        try loaded.add(live[0].0, id: 99_999)
        #expect(try loaded.search(live[0].0, threshold: 0).map(\.entryID).contains(99_999))
        loaded.compact()
        #expect(loaded.count == live.count + 1)
    }

    @Test("an empty index round-trips")
    func empty() throws {
        let (loaded, version) = try Self.read(try Self.snapshotBytes(PDQIndex(), version: 0))
        #expect(loaded.count == 0)
        #expect(version == 0)
    }

    @Test("a snapshot file is written atomically and read back")
    func file() throws {
        let (index, live) = try Self.makeIndex()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pdq-\(UUID().uuidString).snapshot").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try PDQIndexSnapshot.write(index, version: 5, to: path)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
        let (loaded, version) = try PDQIndexSnapshot.read(from: path)
        #expect(version == 5)
        #expect(loaded.count == live.count)
        #expect {
            try PDQIndexSnapshot.read(from: path + ".missing")
        } throws: { error in
            guard case SnapshotError.io(_, "open", _) = error else { return false }
            return true
        }
    }

    @Test("every truncation is a truncation error, never a crash")
    func truncated() throws {
        let (index, _) = try Self.makeIndex()
        let bytes = try Self.snapshotBytes(index)
        // Cut at the header, inside each section and just before the end.
        var cuts = [0, 1, 8, 63, 64, 80, 100_000, bytes.count / 2, bytes.count - 17, bytes.count - 1]
        cuts += stride(from: 0, to: bytes.count, by: bytes.count / 37).map { $0 }
        for cut in cuts {
            #expect {
                try Self.read(Array(bytes.prefix(cut)))
            } throws: { error in
                guard let error = error as? SnapshotError else { return false }
                if case .truncated = error { return true }
                return false
            }
        }
    }

    @Test("flipped bytes anywhere are caught by the checksum or the structure checks")
    func corrupted() throws {
        let (index, _) = try Self.makeIndex()
        let bytes = try Self.snapshotBytes(index)
        var random = TestRandom(seed: 13)
        for _ in 0..<60 {
            var damaged = bytes
            let position = Int(random.next() % UInt64(bytes.count))
            damaged[position] ^= UInt8(1 + random.next() % 255)
            #expect(throws: SnapshotError.self, "byte \(position)") { try Self.read(damaged) }
        }
        // Extra bytes after the end.
        #expect(throws: SnapshotError.trailingBytes(offset: bytes.count)) { try Self.read(bytes + [0]) }
    }

    @Test("foreign files, other versions and the other byte order are named as such")
    func header() throws {
        let bytes = try Self.snapshotBytes(PDQIndex())
        #expect(throws: SnapshotError.notASnapshot(found: "50 4b 3 4 0 0 0 0")) {
            try Self.read([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 200))
        }
        var version = bytes
        version[8] = 9
        #expect(throws: SnapshotError.unsupportedVersion(9)) { try Self.read(version) }
        var order = bytes
        order.replaceSubrange(12..<16, with: [0x0A, 0x0B, 0x0C, 0x0D])
        #expect(throws: SnapshotError.wrongByteOrder) { try Self.read(order) }
    }

    @Test("hostile counts with a valid checksum are refused by the structure checks")
    func hostileCounts() throws {
        var random = TestRandom(seed: 14)
        let index = try PDQIndex(hashes: (0..<300).map { _ in random.hash() }, ids: (0..<300).map { EntryID($0) })
        let bytes = try Self.snapshotBytes(index)
        // Segment header starts at byte 64: count, bucket bits | deleted << 32, block size.
        func resealed(_ edit: (inout [UInt8]) -> Void) -> [UInt8] {
            var damaged = bytes
            edit(&damaged)
            let bodyEnd = damaged.count - 16
            var checksum = Checksum64()
            damaged.withUnsafeBytes { checksum.update(UnsafeRawBufferPointer(rebasing: $0[0..<bodyEnd])) }
            withUnsafeBytes(of: checksum.value) { damaged.replaceSubrange(bodyEnd..<bodyEnd + 8, with: $0) }
            return damaged
        }
        func setWord(_ bytes: inout [UInt8], at offset: Int, _ value: UInt64) {
            withUnsafeBytes(of: value) { bytes.replaceSubrange(offset..<offset + 8, with: $0) }
        }
        #expect(throws: SnapshotError.self) { try Self.read(resealed { setWord(&$0, at: 64, 1 << 40) }) }
        #expect(throws: SnapshotError.self) { try Self.read(resealed { setWord(&$0, at: 72, 99) }) }
        #expect(throws: SnapshotError.self) { try Self.read(resealed { setWord(&$0, at: 80, 12) }) }
        // A directory entry beyond the count, with the checksum made to match.
        let layout = try #require(PDQSegmentLayout(count: 300, bucketBits: PDQSegmentLayout.defaultBucketBits(count: 300)))
        let blockStart = 64 + 32
        let damagedDirectory = resealed { bytes in
            let offset = blockStart + layout.dirsOffset + 4
            bytes.replaceSubrange(offset..<offset + 4, with: [0xFF, 0xFF, 0xFF, 0x7F])
        }
        #expect {
            try Self.read(damagedDirectory)
        } throws: { error in
            guard case SnapshotError.invalid(let field, _, let reason) = error else { return false }
            return field == "segment 0" && reason.contains("directory")
        }
        // A table word whose slot is out of range.
        let damagedWord = resealed { bytes in
            let offset = blockStart + layout.wordsOffset
            bytes.replaceSubrange(offset..<offset + 4, with: [0xFF, 0xFF, 0xFF, 0xFF])
        }
        #expect(throws: SnapshotError.self) { try Self.read(damagedWord) }
    }
}

/// An immutable multi-index hashing segment built for speed: the 256 bits of each hash
/// are split into sixteen 16-bit substrings, each with a table holding every slot in
/// the bucket of its substring's full 16 bits. By the pigeonhole principle a hash within
/// 31 bits of the query agrees with it to within one bit on at least one substring, so a
/// search at threshold 31 probes 17 buckets per table (the query's substring and its 16
/// one-bit neighbours) and verifies what they hold on all 256 bits. Lower thresholds use
/// smaller radii (``TableRadii``); every hash within the threshold is found, none twice.
///
/// Compared with ``PDQSegment`` a query touches about 270 buckets instead of several
/// thousand, at the price of about 100 bytes per entry instead of 63, so
/// ``PDQIndex`` uses this layout for segments up to a few million entries.
///
/// Block layout (``PDQWideSegment/Layout``), each section on a 64-byte boundary:
/// 1. hashes: `count` x 32 bytes (the four words of ``Hash256``), sorted by substring 0,
///    so table 0's buckets are ranges of slots and need no slot list;
/// 2. ids: `count` x UInt32, the entry id of each slot;
/// 3. directories: 16 x 65 537 UInt32, table `t`'s bucket `b` being `dir[b]..<dir[b+1]`;
/// 4. slots: for tables 1...15, `count` x UInt32 each, grouped by bucket, ascending.
final class PDQWideSegment: PDQIndexSegment, @unchecked Sendable {
    /// Substring tables (16 x 16 = 256 bits).
    static let tableCount = 16
    /// Bits of every substring, and of every directory.
    static let keyBits = 16
    /// Offsets per directory.
    static let directoryLength = (1 << keyBits) + 1

    /// Where each array lives in the block.
    struct Layout: Equatable, Sendable {
        let count: Int
        let idsOffset: Int
        let directoriesOffset: Int
        let slotsOffset: Int
        let byteCount: Int

        /// The layout for `count` hashes (0...``PDQSegmentLayout/maxCount``), or `nil`.
        init?(count: Int) {
            guard count >= 0, count <= PDQSegmentLayout.maxCount else { return nil }
            func align(_ value: Int) -> Int { (value + 63) & ~63 }
            self.count = count
            idsOffset = align(count * 32)
            directoriesOffset = align(idsOffset + count * 4)
            slotsOffset = align(directoriesOffset + PDQWideSegment.tableCount * PDQWideSegment.directoryLength * 4)
            byteCount = align(slotsOffset + (PDQWideSegment.tableCount - 1) * count * 4)
        }
    }

    let layout: Layout
    private let allocation: LargeAllocation
    let hashes: UnsafeMutablePointer<UInt64>
    let ids: UnsafeMutablePointer<UInt32>
    let directories: UnsafeMutablePointer<UInt32>
    let slotLists: UnsafeMutablePointer<UInt32>

    var kind: PDQSegmentKind { .wide }
    var count: Int { layout.count }
    var bucketBits: Int { Self.keyBits }
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: allocation.base, count: layout.byteCount) }
    /// The block, for a snapshot reader to fill.
    var storage: UnsafeMutableRawPointer { allocation.base }

    /// A segment with uninitialised memory for `layout`; the caller fills it.
    init(uninitialised layout: Layout) {
        self.layout = layout
        allocation = LargeAllocation(byteCount: layout.byteCount)
        let base = allocation.base
        hashes = base.bindMemory(to: UInt64.self, capacity: layout.count * 4)
        ids = (base + layout.idsOffset).bindMemory(to: UInt32.self, capacity: layout.count)
        directories = (base + layout.directoriesOffset).bindMemory(
            to: UInt32.self, capacity: Self.tableCount * Self.directoryLength)
        slotLists = (base + layout.slotsOffset).bindMemory(
            to: UInt32.self, capacity: (Self.tableCount - 1) * layout.count)
    }

    deinit { allocation.release() }

    /// Builds a segment from parallel arrays of hashes and entry ids.
    convenience init(hashes input: [Hash256], ids inputIDs: [EntryID]) {
        precondition(input.count == inputIDs.count, "PDQWideSegment: \(input.count) hashes, \(inputIDs.count) ids")
        guard let layout = Layout(count: input.count) else {
            preconditionFailure("PDQWideSegment: no layout for \(input.count) hashes")
        }
        self.init(uninitialised: layout)
        // Table 0: the records themselves, in bucket order (counting sort, stable).
        let dir0 = directory(0)
        countKeys(into: dir0) { input[$0].chunk16(0) }
        var cursor = Array(UnsafeBufferPointer(start: dir0, count: Self.directoryLength - 1))
        for index in input.indices {
            let hash = input[index]
            let bucket = Int(hash.chunk16(0))
            let slot = Int(cursor[bucket])
            cursor[bucket] += 1
            hashes[slot * 4] = hash.w0
            hashes[slot * 4 + 1] = hash.w1
            hashes[slot * 4 + 2] = hash.w2
            hashes[slot * 4 + 3] = hash.w3
            ids[slot] = inputIDs[index]
        }
        // Tables 1...15: slot lists grouped by bucket.
        for table in 1..<Self.tableCount {
            let dir = directory(table)
            countKeys(into: dir) { self.hash(slot: $0).chunk16(table) }
            cursor = Array(UnsafeBufferPointer(start: dir, count: Self.directoryLength - 1))
            let list = slots(table)
            for slot in 0..<layout.count {
                let bucket = Int(hash(slot: slot).chunk16(table))
                list[Int(cursor[bucket])] = UInt32(slot)
                cursor[bucket] += 1
            }
        }
    }

    /// Fills `dir` with bucket start offsets for the keys of items `0..<count`.
    private func countKeys(into dir: UnsafeMutablePointer<UInt32>, key: (Int) -> UInt32) {
        dir.initialize(repeating: 0, count: Self.directoryLength)
        for index in 0..<layout.count { dir[Int(key(index)) + 1] += 1 }
        for bucket in 1..<Self.directoryLength { dir[bucket] += dir[bucket - 1] }
    }

    /// Table `table`'s directory.
    @inline(__always) func directory(_ table: Int) -> UnsafeMutablePointer<UInt32> {
        directories + table * Self.directoryLength
    }

    /// Table `table`'s slot list (tables 1...15).
    @inline(__always) func slots(_ table: Int) -> UnsafeMutablePointer<UInt32> {
        slotLists + (table - 1) * layout.count
    }

    /// The hash in `slot`.
    @inline(__always) func hash(slot: Int) -> Hash256 {
        Hash256(hashes[slot * 4], hashes[slot * 4 + 1], hashes[slot * 4 + 2], hashes[slot * 4 + 3])
    }

    // MARK: Entries

    func slots(of hash: Hash256, id: EntryID) -> [UInt32] {
        let dir0 = directory(0)
        let bucket = Int(hash.chunk16(0))
        var found: [UInt32] = []
        for slot in Int(dir0[bucket])..<Int(dir0[bucket + 1]) where ids[slot] == id && self.hash(slot: slot) == hash {
            found.append(UInt32(slot))
        }
        return found
    }

    func appendLiveEntries(excluding deleted: Set<UInt32>, hashes output: inout [Hash256], ids outputIDs: inout [EntryID]) {
        for slot in 0..<layout.count where deleted.isEmpty || !deleted.contains(UInt32(slot)) {
            output.append(hash(slot: slot))
            outputIDs.append(ids[slot])
        }
    }

    func structuralProblem() -> String? {
        let limit = UInt32(layout.count)
        for table in 0..<Self.tableCount {
            let dir = directory(table)
            guard dir[0] == 0 else { return "table \(table) directory starts at \(dir[0]), not 0" }
            var previous: UInt32 = 0
            for index in 1..<Self.directoryLength {
                guard dir[index] >= previous else { return "table \(table) directory decreases at bucket \(index)" }
                previous = dir[index]
            }
            guard previous == limit else { return "table \(table) directory ends at \(previous), not \(limit)" }
            guard table > 0 else { continue }
            let list = slots(table)
            var bad = false
            for index in 0..<layout.count { bad = bad || list[index] >= limit }
            if bad { return "table \(table) has a slot out of range" }
        }
        return nil
    }
}

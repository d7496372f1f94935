/// An immutable multi-index hashing segment (Norouzi, Punjani & Fleet): the 256 bits of
/// each hash are split into eight 32-bit substrings, and each substring has a table that
/// groups the hashes by the substring's top bits. A search probes, in every table, the
/// buckets within that table's radius of the query (see ``TableRadii``), filters each
/// bucket by the remainder bits kept beside the ids, and verifies the survivors on all
/// 256 bits. Every hash within the threshold is found; none is reported twice.
///
/// All arrays live in one block of memory described by ``PDQSegmentLayout``; the block
/// is never changed after construction, so a segment can be shared by any number of
/// concurrent readers.
final class PDQSegment: PDQIndexSegment, @unchecked Sendable {
    let layout: PDQSegmentLayout
    var kind: PDQSegmentKind { .compact }
    var bucketBits: Int { layout.bucketBits }
    /// The block; freed when the segment goes away.
    private let allocation: LargeAllocation
    var storage: UnsafeMutableRawPointer { allocation.base }
    let records: UnsafeMutablePointer<UInt64>
    let rem0: UnsafeMutablePointer<UInt16>
    let dir0: UnsafeMutablePointer<UInt32>
    let dirs: UnsafeMutablePointer<UInt32>
    let words: UnsafeMutablePointer<UInt32>

    var count: Int { layout.count }

    /// A segment with uninitialised memory for `layout`; the caller fills it.
    init(uninitialised layout: PDQSegmentLayout) {
        self.layout = layout
        allocation = LargeAllocation(byteCount: layout.byteCount)
        let storage = allocation.base
        records = (storage).bindMemory(to: UInt64.self, capacity: layout.count * 4)
        rem0 = (storage + layout.rem0Offset).bindMemory(to: UInt16.self, capacity: layout.count)
        dir0 = (storage + layout.dir0Offset).bindMemory(to: UInt32.self, capacity: layout.directoryLength0)
        dirs = (storage + layout.dirsOffset).bindMemory(
            to: UInt32.self, capacity: (PDQSegmentLayout.tableCount - 1) * layout.directoryLength)
        words = (storage + layout.wordsOffset).bindMemory(
            to: UInt32.self, capacity: (PDQSegmentLayout.tableCount - 1) * layout.count)
    }

    deinit { allocation.release() }

    /// The raw block, for writing a snapshot.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: layout.byteCount) }

    /// Builds a segment from parallel arrays of hashes and entry ids.
    /// `bucketBits` defaults to ``PDQSegmentLayout/defaultBucketBits(count:)``.
    convenience init(hashes: [Hash256], ids: [EntryID], bucketBits: Int? = nil) {
        precondition(hashes.count == ids.count, "PDQSegment: \(hashes.count) hashes, \(ids.count) ids")
        let bits = bucketBits ?? PDQSegmentLayout.defaultBucketBits(count: hashes.count)
        guard let layout = PDQSegmentLayout(count: hashes.count, bucketBits: bits) else {
            preconditionFailure("PDQSegment: no layout for \(hashes.count) hashes with \(bits) bucket bits")
        }
        self.init(uninitialised: layout)
        fillTableZero(hashes: hashes, ids: ids)
        for table in 1..<PDQSegmentLayout.tableCount { fillTable(table) }
    }

    // MARK: Building

    /// Sorts the records by table 0's bucket (stable, by counting) and fills records, rem0, dir0.
    private func fillTableZero(hashes: [Hash256], ids: [EntryID]) {
        let shift0 = UInt32(32 - layout.bucketBits0)
        let length = layout.directoryLength0
        dir0.initialize(repeating: 0, count: length)
        for hash in hashes { dir0[Int(hash.substring(0) >> shift0) + 1] += 1 }
        for bucket in 1..<length { dir0[bucket] += dir0[bucket - 1] }
        var cursor = Array(UnsafeBufferPointer(start: dir0, count: length - 1))
        for index in hashes.indices {
            let hash = hashes[index]
            let bucket = Int(hash.substring(0) >> shift0)
            let slot = Int(cursor[bucket])
            cursor[bucket] += 1
            records[slot * 4] = hash.w0 << 32 | UInt64(ids[index])
            records[slot * 4 + 1] = hash.w1
            records[slot * 4 + 2] = hash.w2
            records[slot * 4 + 3] = hash.w3
            rem0[slot] = UInt16(truncatingIfNeeded: hash.w0 >> 32)
        }
    }

    /// The 32-bit key of `table` (1...7), i.e. substring `table`, of the record in `slot`.
    /// Substring 1 is the high half of the record's first word (the low half is the id);
    /// substrings 2...7 are the halves of words 1...3, high half first.
    @inline(__always) func key(table: Int, slot: Int) -> UInt32 {
        let word = records[slot * 4 + table / 2]
        return UInt32(truncatingIfNeeded: (table & 1) == 0 || table == 1 ? word >> 32 : word)
    }

    /// Groups the slots by `table`'s bucket (counting sort, slots ascending within a bucket).
    private func fillTable(_ table: Int) {
        let length = layout.directoryLength
        let dir = dirs + (table - 1) * length
        let out = words + (table - 1) * layout.count
        let shift = UInt32(32 - layout.bucketBits)
        let remShift = UInt32(32 - layout.bucketBits - layout.remBits)
        let remMask: UInt32 = layout.remBits == 0 ? 0 : UInt32.max >> UInt32(32 - layout.remBits)
        let idBits = UInt32(layout.idBits)
        dir.initialize(repeating: 0, count: length)
        for slot in 0..<layout.count { dir[Int(key(table: table, slot: slot) >> shift) + 1] += 1 }
        for bucket in 1..<length { dir[bucket] += dir[bucket - 1] }
        var cursor = Array(UnsafeBufferPointer(start: dir, count: length - 1))
        for slot in 0..<layout.count {
            let key = key(table: table, slot: slot)
            let bucket = Int(key >> shift)
            let remainder = (key >> remShift) & remMask
            out[Int(cursor[bucket])] = remMask == 0 ? UInt32(slot) : remainder << idBits | UInt32(slot)
            cursor[bucket] += 1
        }
    }

    // MARK: Reading entries

    /// Substring 0 of the record in `slot`, found from table 0's directory.
    @inline(__always) func substringZero(slot: Int) -> UInt32 {
        // The bucket is the last one whose start is <= slot and whose end is > slot.
        var low = 0
        var high = layout.directoryLength0 - 1  // dir0[high] == count > slot
        while high - low > 1 {
            let middle = (low + high) >> 1
            if Int(dir0[middle]) <= slot { low = middle } else { high = middle }
        }
        return UInt32(truncatingIfNeeded: low) << UInt32(32 - layout.bucketBits0) | UInt32(rem0[slot])
    }

    /// The hash in `slot`.
    func hash(slot: Int) -> Hash256 {
        Hash256(UInt64(substringZero(slot: slot)) << 32 | records[slot * 4] >> 32,
                records[slot * 4 + 1], records[slot * 4 + 2], records[slot * 4 + 3])
    }

    /// The entry id in `slot`.
    @inline(__always) func entryID(slot: Int) -> EntryID {
        EntryID(truncatingIfNeeded: records[slot * 4])
    }
}

extension PDQSegment {
    /// The slots that hold exactly `hash` for entry `id`.
    func slots(of hash: Hash256, id: EntryID) -> [UInt32] {
        guard layout.count > 0 else { return [] }
        let sub0 = hash.substring(0)
        let bucket = Int(sub0 >> UInt32(32 - layout.bucketBits0))
        var found: [UInt32] = []
        for slot in Int(dir0[bucket])..<Int(dir0[bucket + 1])
        where UInt16(truncatingIfNeeded: sub0) == rem0[slot] && entryID(slot: slot) == id
            && records[slot * 4] >> 32 == hash.w0 & 0xffff_ffff && records[slot * 4 + 1] == hash.w1
            && records[slot * 4 + 2] == hash.w2 && records[slot * 4 + 3] == hash.w3 {
            found.append(UInt32(slot))
        }
        return found
    }

    /// Every (hash, id) not in `deleted`, appended to the two arrays.
    func appendLiveEntries(excluding deleted: Set<UInt32>, hashes: inout [Hash256], ids: inout [EntryID]) {
        // Walk table 0 bucket by bucket so substring 0 needs no search.
        let shift0 = UInt32(32 - layout.bucketBits0)
        for bucket in 0..<(layout.directoryLength0 - 1) {
            let high = UInt32(bucket) << shift0
            for slot in Int(dir0[bucket])..<Int(dir0[bucket + 1]) where deleted.isEmpty || !deleted.contains(UInt32(slot)) {
                let sub0 = high | UInt32(rem0[slot])
                hashes.append(Hash256(UInt64(sub0) << 32 | records[slot * 4] >> 32,
                                      records[slot * 4 + 1], records[slot * 4 + 2], records[slot * 4 + 3]))
                ids.append(entryID(slot: slot))
            }
        }
    }
}

extension PDQSegment {
    /// The first broken invariant a search relies on, or `nil`: every directory starts at
    /// 0, never decreases and ends at the count; every table word's slot is below the count.
    func structuralProblem() -> String? {
        func checkDirectory(_ dir: UnsafeMutablePointer<UInt32>, length: Int, name: String) -> String? {
            guard dir[0] == 0 else { return "\(name) starts at \(dir[0]), not 0" }
            var previous: UInt32 = 0
            for index in 1..<length {
                guard dir[index] >= previous else { return "\(name) decreases at bucket \(index)" }
                previous = dir[index]
            }
            guard Int(previous) == layout.count else { return "\(name) ends at \(previous), not \(layout.count)" }
            return nil
        }
        if let problem = checkDirectory(dir0, length: layout.directoryLength0, name: "table 0 directory") { return problem }
        let idMask = UInt32.max >> UInt32(32 - layout.idBits)
        let limit = UInt32(layout.count)
        for table in 1..<PDQSegmentLayout.tableCount {
            if let problem = checkDirectory(dirs + (table - 1) * layout.directoryLength,
                                            length: layout.directoryLength, name: "table \(table) directory") {
                return problem
            }
            let tableWords = words + (table - 1) * layout.count
            var bad = false
            for index in 0..<layout.count { bad = bad || (tableWords[index] & idMask) >= limit }
            if bad { return "table \(table) has a slot out of range" }
        }
        return nil
    }
}

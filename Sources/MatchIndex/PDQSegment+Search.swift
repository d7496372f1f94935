extension PDQSegment {
    /// Appends to `results` every live hash within `threshold` of `query`, each once.
    ///
    /// Each table is probed in two passes: first all its buckets within radius are
    /// scanned and the surviving slots collected (short sequential reads), then the
    /// candidates are verified on the full 256 bits (independent random reads the CPU
    /// overlaps). A match is reported only by the first table whose probe surfaces it.
    ///
    /// - Parameters:
    ///   - deleted: slots to leave out.
    ///   - scratch: reusable candidate buffer.
    func search(_ query: Hash256, threshold: Int, deleted: Set<UInt32>,
                scratch: inout [UInt32], into results: inout [PDQMatch]) {
        guard layout.count > 0 else { return }
        let radii = TableRadii(threshold: threshold, tables: PDQSegmentLayout.tableCount)
        for table in 0..<PDQSegmentLayout.tableCount where radii.radii[table] >= 0 {
            scratch.removeAll(keepingCapacity: true)
            if table == 0 {
                scanTableZero(query.substring(0), radius: radii.radii[0], into: &scratch)
            } else {
                scanTable(table, key: query.substring(table), radius: radii.radii[table], into: &scratch)
            }
            verify(scratch, foundIn: table, query: query, threshold: threshold, radii: radii,
                   deleted: deleted, into: &results)
        }
    }

    /// Table 0: the bucket holds the top `bucketBits0` bits of substring 0, rem0 the low 16.
    private func scanTableZero(_ key: UInt32, radius: Int, into candidates: inout [UInt32]) {
        let shift = UInt32(32 - layout.bucketBits0)
        let queryBucket = key >> shift
        let lowMask = UInt16(truncatingIfNeeded: (UInt32(1) << shift) - 1)
        let queryLow = UInt16(truncatingIfNeeded: key) & lowMask
        Self.forEachBucket(NeighbourMasks.masks(bits: layout.bucketBits0, radius: radius), around: queryBucket,
                           radius: radius, directory: dir0, rows: UnsafeRawPointer(rem0), rowSize: 2) { start, end, allowed in
            Self.scan(start, end, allowed: allowed, into: &candidates) { index in
                (UInt32(rem0[index]) ^ UInt32(queryLow)) & UInt32(lowMask)
            } slot: { index in UInt32(truncatingIfNeeded: index) }
        }
    }

    /// Tables 1...7: the bucket holds the key's top `bucketBits`, each word the next
    /// `remBits` beside the slot.
    private func scanTable(_ table: Int, key: UInt32, radius: Int, into candidates: inout [UInt32]) {
        let length = layout.directoryLength
        let dir = dirs + (table - 1) * length
        let tableWords = words + (table - 1) * layout.count
        let shift = UInt32(32 - layout.bucketBits)
        let prefixShift = UInt32(32 - layout.bucketBits - layout.remBits)
        let remMask: UInt32 = layout.remBits == 0 ? 0 : UInt32.max >> UInt32(32 - layout.remBits)
        let idShift = UInt32(layout.idBits)
        let idMask = UInt32.max >> UInt32(32 - layout.idBits)
        let queryBucket = key >> shift
        let queryRemainder = (key >> prefixShift) & remMask
        Self.forEachBucket(NeighbourMasks.masks(bits: layout.bucketBits, radius: radius), around: queryBucket,
                           radius: radius, directory: dir, rows: UnsafeRawPointer(tableWords), rowSize: 4) { start, end, allowed in
            Self.scan(start, end, allowed: allowed, into: &candidates) { index in
                (tableWords[index] &>> idShift) ^ queryRemainder
            } slot: { index in tableWords[index] & idMask }
        }
    }

    /// Calls `body(start, end, allowed)` for the bucket of every mask around `queryBucket`.
    ///
    /// Buckets lie at random places in memory, so the work is pipelined to keep many
    /// cache misses in flight: all directory entries are read first (independent loads),
    /// then buckets are taken in groups, touching one byte of every cache line of the next
    /// group (loads the CPU overlaps, standing in for prefetch instructions, which Swift
    /// does not expose) before scanning the current one.
    @inline(__always)
    static func forEachBucket(_ masks: [UInt32], around queryBucket: UInt32, radius: Int,
                                      directory: UnsafeMutablePointer<UInt32>, rows: UnsafeRawPointer, rowSize: Int,
                                      _ body: (Int, Int, Int) -> Void) {
        let groupSize = 16
        let count = masks.count
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: count * 2) { ranges in
            masks.withUnsafeBufferPointer { masks in
                for index in 0..<count {
                    let bucket = Int(queryBucket ^ (masks[index] & ((1 << NeighbourMasks.countShift) - 1)))
                    ranges[index * 2] = directory[bucket]
                    ranges[index * 2 + 1] = directory[bucket + 1]
                }
                var touched: UInt8 = 0
                func touch(_ group: Int) {
                    for index in (group * groupSize)..<min(count, group * groupSize + groupSize) {
                        var byte = Int(ranges[index * 2]) * rowSize
                        let limit = Int(ranges[index * 2 + 1]) * rowSize
                        while byte < limit {
                            touched ^= rows.load(fromByteOffset: byte, as: UInt8.self)
                            byte = (byte | 63) + 1
                        }
                    }
                }
                let groups = (count + groupSize - 1) / groupSize
                touch(0)
                for group in 0..<groups {
                    if group + 1 < groups { touch(group + 1) }
                    for index in (group * groupSize)..<min(count, group * groupSize + groupSize) {
                        body(Int(ranges[index * 2]), Int(ranges[index * 2 + 1]),
                             radius - Int(masks[index] >> NeighbourMasks.countShift))
                    }
                }
                keepAlive(touched)
            }
        }
    }

    /// Appends `slot(i)` for each `i` in `start..<end` whose `difference(i)` has at most
    /// `allowed` bits set. The common small radii test by clearing the lowest set bit,
    /// which needs no popcount instruction.
    @inline(__always)
    private static func scan(_ start: Int, _ end: Int, allowed: Int, into candidates: inout [UInt32],
                             difference: (Int) -> UInt32, slot: (Int) -> UInt32) {
        var index = start
        switch allowed {
        case 0:
            while index < end {
                if difference(index) == 0 { candidates.append(slot(index)) }
                index &+= 1
            }
        case 1:
            while index < end {
                let x = difference(index)
                if x & (x &- 1) == 0 { candidates.append(slot(index)) }
                index &+= 1
            }
        case 2:
            while index < end {
                var x = difference(index)
                x &= x &- 1
                if x & (x &- 1) == 0 { candidates.append(slot(index)) }
                index &+= 1
            }
        default:
            while index < end {
                if difference(index).nonzeroBitCount <= allowed { candidates.append(slot(index)) }
                index &+= 1
            }
        }
    }

    /// Checks candidates on all 256 bits and appends the matches that no earlier table
    /// surfaced and that are not deleted.
    private func verify(_ candidates: [UInt32], foundIn table: Int, query: Hash256, threshold: Int,
                        radii: TableRadii, deleted: Set<UInt32>, into results: inout [PDQMatch]) {
        let queryLow0 = query.w0 << 32
        let q0 = query.substring(0)
        let prefixShift = UInt32(32 - layout.bucketBits - layout.remBits)
        // Touch every candidate's record first: independent loads the CPU overlaps, so the
        // checks below find the records in cache.
        var touched: UInt8 = 0
        for candidate in candidates {
            touched ^= UInt8(truncatingIfNeeded: records[Int(candidate) * 4 + 1])
        }
        keepAlive(touched)
        for candidate in candidates {
            let slot = Int(candidate)
            let record = records + slot * 4
            let partial = ((record[0] ^ queryLow0) >> 32).nonzeroBitCount
                + (record[1] ^ query.w1).nonzeroBitCount + (record[2] ^ query.w2).nonzeroBitCount
                + (record[3] ^ query.w3).nonzeroBitCount
            guard partial <= threshold else { continue }
            let sub0 = substringZero(slot: slot)
            let distance0 = (sub0 ^ q0).nonzeroBitCount
            guard partial + distance0 <= threshold else { continue }
            if table > 0 {
                // Table 0 filters on all 32 bits of its key, tables 1...7 on the bucket and remainder bits.
                if radii.radii[0] >= 0 && distance0 <= radii.radii[0] { continue }
                var earlier = false
                for other in 1..<table where radii.radii[other] >= 0 {
                    if ((key(table: other, slot: slot) ^ query.substring(other)) >> prefixShift).nonzeroBitCount <= radii.radii[other] {
                        earlier = true
                        break
                    }
                }
                if earlier { continue }
            }
            if !deleted.isEmpty && deleted.contains(candidate) { continue }
            results.append(PDQMatch(entryID: entryID(slot: slot), distance: partial + distance0,
                                    hash: Hash256(UInt64(sub0) << 32 | record[0] >> 32, record[1], record[2], record[3])))
        }
    }
}

/// Consumes a value so the loads that produced it are not optimised away.
@inline(never) func keepAlive(_ value: UInt8) {
    if value == 0x5A { touchCounter.add(1, ordering: .relaxed) }
}

import Synchronization
private let touchCounter = Atomic<Int>(0)

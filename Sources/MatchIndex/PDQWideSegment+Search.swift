extension PDQWideSegment {
    /// Appends to `results` every live hash within `threshold` of `query`, each once.
    ///
    /// Each table is probed in two passes, as in ``PDQSegment``: the buckets within the
    /// table's radius are gathered (with their memory touched a group ahead), then the
    /// candidates are verified on all 256 bits. A match is reported only by the first
    /// table whose probe surfaces it.
    func search(_ query: Hash256, threshold: Int, deleted: Set<UInt32>,
                scratch: inout [UInt32], into results: inout [PDQMatch]) {
        guard layout.count > 0 else { return }
        let radii = TableRadii(threshold: threshold, tables: Self.tableCount)
        for table in 0..<Self.tableCount where radii.radii[table] >= 0 {
            scratch.removeAll(keepingCapacity: true)
            let radius = radii.radii[table]
            let masks = NeighbourMasks.masks(bits: Self.keyBits, radius: radius)
            if table == 0 {
                PDQSegment.forEachBucket(masks, around: query.chunk16(0), radius: radius, directory: directory(0),
                                         rows: UnsafeRawPointer(hashes), rowSize: 32) { start, end, _ in
                    var slot = start
                    while slot < end {
                        scratch.append(UInt32(truncatingIfNeeded: slot))
                        slot &+= 1
                    }
                }
            } else {
                let list = slots(table)
                PDQSegment.forEachBucket(masks, around: query.chunk16(table), radius: radius, directory: directory(table),
                                         rows: UnsafeRawPointer(list), rowSize: 4) { start, end, _ in
                    scratch.append(contentsOf: UnsafeBufferPointer(start: list + start, count: end - start))
                }
            }
            verify(scratch, foundIn: table, query: query, threshold: threshold, radii: radii,
                   deleted: deleted, into: &results)
        }
    }

    /// Checks candidates on all 256 bits and appends the matches that no earlier table
    /// surfaced and that are not deleted.
    private func verify(_ candidates: [UInt32], foundIn table: Int, query: Hash256, threshold: Int,
                        radii: TableRadii, deleted: Set<UInt32>, into results: inout [PDQMatch]) {
        if table > 0 {
            // Table 0's records were touched while gathering; the others' are loaded here
            // first, independent loads the CPU overlaps.
            var touched: UInt8 = 0
            for candidate in candidates {
                touched ^= UInt8(truncatingIfNeeded: hashes[Int(candidate) * 4])
            }
            keepAlive(touched)
        }
        for candidate in candidates {
            let record = hashes + Int(candidate) * 4
            let distance = (record[0] ^ query.w0).nonzeroBitCount + (record[1] ^ query.w1).nonzeroBitCount
                + (record[2] ^ query.w2).nonzeroBitCount + (record[3] ^ query.w3).nonzeroBitCount
            guard distance <= threshold else { continue }
            let hash = Hash256(record[0], record[1], record[2], record[3])
            var earlier = false
            for other in 0..<table where radii.radii[other] >= 0 {
                if (hash.chunk16(other) ^ query.chunk16(other)).nonzeroBitCount <= radii.radii[other] {
                    earlier = true
                    break
                }
            }
            if earlier { continue }
            if !deleted.isEmpty && deleted.contains(candidate) { continue }
            results.append(PDQMatch(entryID: ids[Int(candidate)], distance: distance, hash: hash))
        }
    }
}

/// The shape of one ``PDQSegment``: how many hashes, how the substring keys are split
/// into bucket and remainder bits, and where each array lives in the segment's single
/// contiguous block of memory (which is also its on-disk image in a snapshot).
///
/// Block layout, each section starting on a 64-byte boundary:
/// 1. records: `count` x 32 bytes, sorted by table 0's bucket. A record is four
///    UInt64: (bits 32..63 of the hash << 32 | entry id), then hash bits 64..255.
///    Hash bits 0..31 (substring 0) are not stored here: their top `bucketBits0` bits
///    are the record's bucket in table 0, the low 16 bits are in `rem0`.
/// 2. rem0: `count` x UInt16, the low 16 bits of substring 0 of each record.
/// 3. dir0: `2^bucketBits0 + 1` x UInt32, where table 0's bucket `b` is `dir0[b]..<dir0[b+1]`.
/// 4. dirs: for tables 1...7, `2^bucketBits + 1` x UInt32 each.
/// 5. words: for tables 1...7, `count` x UInt32 each, grouped by bucket; a word is
///    `remainder << idBits | slot`, where `remainder` is the `remBits` bits of the
///    table's substring that follow its bucket bits.
struct PDQSegmentLayout: Equatable, Sendable {
    /// Substring tables (32 bits each; 8 x 32 = 256).
    static let tableCount = 8
    /// Table 0 keeps the low 16 bits of its key beside the records, so its directory
    /// needs at least the other 16.
    static let minBucketBits0 = 16
    /// Largest directory: 2^24 + 1 offsets (64 MiB) per table.
    static let maxBucketBits = 24
    /// Slots are stored in at most 31 bits of a table word.
    static let maxCount = Int(Int32.max)

    let count: Int
    let bucketBits: Int
    let bucketBits0: Int
    let idBits: Int
    let remBits: Int

    let rem0Offset: Int
    let dir0Offset: Int
    let dirsOffset: Int
    let wordsOffset: Int
    let byteCount: Int

    /// The directory width that keeps about 64 entries per bucket (at least 1 bit).
    static func defaultBucketBits(count: Int) -> Int {
        max(1, min(20, (max(count, 1)).bitWidthNeeded - 6))
    }

    /// A layout for `count` hashes (0...maxCount) with `bucketBits` (1...24) directory bits
    /// for tables 1...7. Returns `nil` for values outside those ranges.
    init?(count: Int, bucketBits: Int) {
        guard count >= 0, count <= Self.maxCount,
              bucketBits >= 1, bucketBits <= Self.maxBucketBits else { return nil }
        self.count = count
        self.bucketBits = bucketBits
        bucketBits0 = max(Self.minBucketBits0, bucketBits)
        idBits = max(1, max(count - 1, 0).bitWidthNeeded)
        remBits = min(32 - idBits, 32 - bucketBits)

        func align(_ value: Int) -> Int { (value + 63) & ~63 }
        rem0Offset = align(count * 32)
        dir0Offset = align(rem0Offset + count * 2)
        dirsOffset = align(dir0Offset + ((1 << bucketBits0) + 1) * 4)
        wordsOffset = align(dirsOffset + (Self.tableCount - 1) * ((1 << bucketBits) + 1) * 4)
        byteCount = align(wordsOffset + (Self.tableCount - 1) * count * 4)
    }

    /// Offsets in one table directory (tables 1...7).
    var directoryLength: Int { (1 << bucketBits) + 1 }
    /// Offsets in table 0's directory.
    var directoryLength0: Int { (1 << bucketBits0) + 1 }
}

extension Int {
    /// Bits needed to write this non-negative number (0 needs 0 bits).
    var bitWidthNeeded: Int { self <= 0 ? 0 : Int.bitWidth - leadingZeroBitCount }
}

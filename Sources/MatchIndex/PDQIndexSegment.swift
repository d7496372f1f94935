/// What ``PDQIndex`` needs of an immutable segment, whichever layout it has.
///
/// Two layouts exist, trading memory for speed:
/// - ``PDQSegment`` (compact): eight 32-bit substring tables probed to radius 3, about
///   63 bytes per entry. Used for large segments, so a 10-million-entry index stays
///   under twice its raw hashes.
/// - ``PDQWideSegment`` (wide): sixteen 16-bit substring tables probed to radius 1,
///   about 100 bytes per entry, and several times faster because a query touches a few
///   hundred buckets instead of thousands. Used for segments up to
///   ``PDQIndex/defaultWideSegmentMaxCount`` entries.
protocol PDQIndexSegment: AnyObject, Sendable {
    /// Which layout; recorded in snapshots.
    var kind: PDQSegmentKind { get }
    /// Hashes held (live and deleted).
    var count: Int { get }
    /// Directory bits, recorded in snapshots (the wide layout's are fixed).
    var bucketBits: Int { get }
    /// The segment's single block of memory, also its on-disk image.
    var bytes: UnsafeRawBufferPointer { get }

    /// Appends to `results` every hash within `threshold` of `query` whose slot is not in
    /// `deleted`, each exactly once. `scratch` is a reusable candidate buffer.
    func search(_ query: Hash256, threshold: Int, deleted: Set<UInt32>,
                scratch: inout [UInt32], into results: inout [PDQMatch])
    /// The slots that hold exactly `hash` for entry `id`.
    func slots(of hash: Hash256, id: EntryID) -> [UInt32]
    /// Every (hash, id) not in `deleted`, appended to the two arrays.
    func appendLiveEntries(excluding deleted: Set<UInt32>, hashes: inout [Hash256], ids: inout [EntryID])
    /// The first broken invariant a search relies on, or `nil` (checked on snapshot load).
    func structuralProblem() -> String?
}

extension PDQIndexSegment {
    /// Bytes of the segment's block.
    var byteCount: Int { bytes.count }
}

/// The layout of a ``PDQIndexSegment``, as a snapshot records it.
enum PDQSegmentKind: UInt32, Sendable {
    /// ``PDQSegment``.
    case compact = 0
    /// ``PDQWideSegment``.
    case wide = 1
}

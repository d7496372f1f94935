import BulwarkCore
import Synchronization

/// A Hamming-distance index of 256-bit hashes (PDQ) with exact results: every indexed
/// hash within the threshold is returned, with its distance, exactly once.
///
/// The index is a list of immutable multi-index segments (``PDQIndexSegment``), each with a
/// set of deleted slots, plus a small brute-force delta of recent additions. Additions
/// go to the delta; a full delta becomes a segment, and segments of similar size are
/// merged (like a log-structured merge tree), so adding never rebuilds the whole index.
/// Removals mark slots deleted; a segment with many deleted slots is rebuilt without them.
/// ``compact()`` merges everything into one segment.
///
/// Thread safety: searches read an immutable ``State`` taken under a lock held only
/// for a pointer copy; writers build new segments without that lock and publish a new
/// state in one swap, so a search never sees a half-applied change. Writers are
/// serialised among themselves, and do their merging on the calling thread: most
/// additions cost microseconds, but one that triggers a merge into a large segment (or
/// ``compact()``) takes seconds at millions of entries, so call them off the request path
/// (e.g. from a background task). Searches keep running on the old state meanwhile;
/// memory briefly holds both the old and the new segment.
///
/// Segments of up to ``defaultWideSegmentMaxCount`` entries use the fast wide layout
/// (``PDQWideSegment``, about 100 bytes per entry); larger ones the compact layout
/// (``PDQSegment``). Memory at 10 million entries is therefore about 63 bytes per entry
/// in all (32 for the hash, 4 for the entry id, about 27 for the eight tables), i.e.
/// under twice the raw hashes, while a bank of a million answers several times faster.
public final class PDQIndex: Sendable {
    /// The largest threshold a search accepts. Beyond it multi-index search approaches
    /// brute force and PDQ matches are meaningless anyway.
    public static let maxThreshold = 64
    /// Additions kept in the brute-force delta before it becomes a segment.
    public static let deltaLimit = 4096
    /// A segment is rebuilt when more than this fraction of its slots are deleted.
    static let deletedFractionLimit = 0.25

    /// One segment and its deleted slots.
    struct Part: Sendable {
        let segment: any PDQIndexSegment
        var deleted: Set<UInt32>
        var liveCount: Int { segment.count - deleted.count }
    }

    /// Everything a search needs, never changed once published.
    struct State: Sendable {
        var parts: [Part] = []
        var delta = PDQDelta()
        var count: Int { parts.reduce(delta.count) { $0 + $1.liveCount } }
    }

    private let current: Mutex<State>
    private let writer = Mutex<Void>(())
    private let bucketBits: Int?
    private let wideSegmentMaxCount: Int

    /// Segments up to this many entries use the wide layout (4 194 304: at most about
    /// 420 MB in that layout).
    public static let defaultWideSegmentMaxCount = 1 << 22

    /// An empty index.
    /// - Parameters:
    ///   - bucketBits: overrides the directory width of compact segments (default: about
    ///     64 entries per bucket, see ``PDQSegmentLayout``), capped at 4 bits above the
    ///     default so small segments keep small directories; it exists for tuning benchmarks.
    ///   - wideSegmentMaxCount: segments up to this many entries use the wide layout
    ///     (0: never), larger ones the compact layout.
    public init(bucketBits: Int? = nil, wideSegmentMaxCount: Int = PDQIndex.defaultWideSegmentMaxCount) {
        self.bucketBits = bucketBits
        self.wideSegmentMaxCount = wideSegmentMaxCount
        current = Mutex(State())
    }

    /// An index over `hashes[i]` held by `ids[i]`, built in one pass (no delta).
    public convenience init(hashes: [Hash256], ids: [EntryID], bucketBits: Int? = nil,
                            wideSegmentMaxCount: Int = PDQIndex.defaultWideSegmentMaxCount) throws(BulwarkError) {
        guard hashes.count == ids.count else {
            throw BulwarkError.invalidInput(what: "PDQ index input", where: nil,
                                            reason: "\(hashes.count) hashes but \(ids.count) ids")
        }
        guard hashes.count <= PDQSegmentLayout.maxCount else {
            throw BulwarkError.limitExceeded(what: "PDQ index entries", limit: "\(PDQSegmentLayout.maxCount)",
                                             actual: "\(hashes.count)")
        }
        self.init(bucketBits: bucketBits, wideSegmentMaxCount: wideSegmentMaxCount)
        if !hashes.isEmpty {
            let segment = makeSegment(hashes: hashes, ids: ids)
            current.withLock { $0.parts = [Part(segment: segment, deleted: [])] }
        }
    }

    /// An index restored from a snapshot's state.
    init(state: State) {
        bucketBits = nil
        wideSegmentMaxCount = Self.defaultWideSegmentMaxCount
        current = Mutex(state)
    }

    /// The published state.
    var state: State { current.withLock { $0 } }

    /// The number of live entries (one per added (id, hash) pair not yet removed).
    public var count: Int { state.count }

    /// The number of segments (for monitoring; compaction brings it to 1).
    public var segmentCount: Int { state.parts.count }

    /// Bytes held by the index's structures (segments, deleted sets, delta), not counting
    /// allocator overhead.
    public var memoryBytes: Int {
        let state = state
        return state.parts.reduce(state.delta.count * (32 + 4)) {
            $0 + $1.segment.byteCount + $1.deleted.count * 8
        }
    }

    // MARK: Searching

    /// Every indexed hash within `threshold` (0...``maxThreshold``) of `query`, nearest
    /// first (ties by entry id).
    public func search(_ query: Hash256, threshold: Int = MatchConfig.default.pdqThreshold) throws(BulwarkError) -> [PDQMatch] {
        guard threshold >= 0 && threshold <= Self.maxThreshold else {
            throw BulwarkError.invalidInput(what: "PDQ threshold", where: nil,
                                            reason: "\(threshold) is outside 0...\(Self.maxThreshold)")
        }
        let state = state
        var scratch: [UInt32] = []
        scratch.reserveCapacity(4096)
        var results: [PDQMatch] = []
        for part in state.parts {
            part.segment.search(query, threshold: threshold, deleted: part.deleted,
                                scratch: &scratch, into: &results)
        }
        state.delta.search(query, threshold: threshold, into: &results)
        results.sort { ($0.distance, $0.entryID) < ($1.distance, $1.entryID) }
        return results
    }

    // MARK: Changing

    /// Adds entries. An (id, hash) pair added twice is held twice.
    public func add(hashes: [Hash256], ids: [EntryID]) throws(BulwarkError) {
        guard hashes.count == ids.count else {
            throw BulwarkError.invalidInput(what: "PDQ index input", where: nil,
                                            reason: "\(hashes.count) hashes but \(ids.count) ids")
        }
        guard !hashes.isEmpty else { return }
        try writer.withLock { _ throws(BulwarkError) in
            var next = state
            guard next.count + hashes.count <= PDQSegmentLayout.maxCount else {
                throw BulwarkError.limitExceeded(what: "PDQ index entries", limit: "\(PDQSegmentLayout.maxCount)",
                                                 actual: "\(next.count + hashes.count)")
            }
            let delta = PDQDelta(hashes: next.delta.hashes + hashes, ids: next.delta.ids + ids)
            if delta.count < Self.deltaLimit {
                next.delta = delta
            } else {
                next.delta = PDQDelta()
                next.parts.append(Part(segment: makeSegment(hashes: delta.hashes, ids: delta.ids), deleted: []))
                mergeSmallSegments(&next)
            }
            publish(next)
        }
    }

    /// Adds one entry.
    public func add(_ hash: Hash256, id: EntryID) throws(BulwarkError) {
        try add(hashes: [hash], ids: [id])
    }

    /// Removes every copy of each (id, hash) pair; returns how many entries were removed.
    /// Pairs not in the index are ignored.
    @discardableResult
    public func remove(hashes: [Hash256], ids: [EntryID]) throws(BulwarkError) -> Int {
        guard hashes.count == ids.count else {
            throw BulwarkError.invalidInput(what: "PDQ index input", where: nil,
                                            reason: "\(hashes.count) hashes but \(ids.count) ids")
        }
        return writer.withLock { _ in
            var next = state
            var removed = 0
            var wanted: [Hash256: Set<EntryID>] = [:]
            for (hash, id) in zip(hashes, ids) { wanted[hash, default: []].insert(id) }
            // Delta.
            var keptHashes: [Hash256] = []
            var keptIDs: [EntryID] = []
            for (hash, id) in zip(next.delta.hashes, next.delta.ids) {
                if wanted[hash]?.contains(id) == true { removed += 1 } else {
                    keptHashes.append(hash)
                    keptIDs.append(id)
                }
            }
            if removed > 0 { next.delta = PDQDelta(hashes: keptHashes, ids: keptIDs) }
            // Segments.
            for index in next.parts.indices {
                for (hash, ids) in wanted {
                    for id in ids {
                        for slot in next.parts[index].segment.slots(of: hash, id: id)
                        where next.parts[index].deleted.insert(slot).inserted {
                            removed += 1
                        }
                    }
                }
            }
            // Rebuild segments that are mostly holes; drop empty ones.
            next.parts = next.parts.compactMap { part in
                if part.liveCount == 0 { return nil }
                if Double(part.deleted.count) > Self.deletedFractionLimit * Double(part.segment.count) {
                    return rebuilt([part])
                }
                return part
            }
            if removed > 0 { publish(next) }
            return removed
        }
    }

    /// Removes every copy of one (id, hash) pair; returns how many entries were removed.
    @discardableResult
    public func remove(_ hash: Hash256, id: EntryID) throws(BulwarkError) -> Int {
        try remove(hashes: [hash], ids: [id])
    }

    /// Merges all segments and the delta into one segment with no deleted slots. Searches
    /// keep running on the old state meanwhile.
    public func compact() {
        writer.withLock { _ in
            var next = state
            var hashes = next.delta.hashes
            var ids = next.delta.ids
            for part in next.parts {
                part.segment.appendLiveEntries(excluding: part.deleted, hashes: &hashes, ids: &ids)
            }
            next.parts = hashes.isEmpty ? [] : [Part(segment: makeSegment(hashes: hashes, ids: ids), deleted: [])]
            next.delta = PDQDelta()
            publish(next)
        }
    }

    // MARK: Internals

    private func publish(_ state: State) {
        current.withLock { $0 = state }
    }

    private func makeSegment(hashes: [Hash256], ids: [EntryID]) -> any PDQIndexSegment {
        if hashes.count <= wideSegmentMaxCount { return PDQWideSegment(hashes: hashes, ids: ids) }
        let defaultBits = PDQSegmentLayout.defaultBucketBits(count: hashes.count)
        // An override applies to big segments only; small ones keep their natural width.
        let bits = bucketBits.map { min($0, defaultBits + 4) } ?? defaultBits
        return PDQSegment(hashes: hashes, ids: ids, bucketBits: bits)
    }

    /// One segment holding the live entries of `parts`.
    private func rebuilt(_ parts: [Part]) -> Part {
        var hashes: [Hash256] = []
        var ids: [EntryID] = []
        hashes.reserveCapacity(parts.reduce(0) { $0 + $1.liveCount })
        ids.reserveCapacity(hashes.capacity)
        for part in parts { part.segment.appendLiveEntries(excluding: part.deleted, hashes: &hashes, ids: &ids) }
        return Part(segment: makeSegment(hashes: hashes, ids: ids), deleted: [])
    }

    /// Merges the newest segments while the one before is at most twice as big, so
    /// segment sizes grow geometrically and there are O(log n) of them.
    private func mergeSmallSegments(_ state: inout State) {
        while state.parts.count >= 2 {
            let last = state.parts[state.parts.count - 1]
            let previous = state.parts[state.parts.count - 2]
            guard previous.liveCount <= 2 * last.liveCount else { break }
            state.parts.removeLast(2)
            state.parts.append(rebuilt([previous, last]))
        }
    }
}

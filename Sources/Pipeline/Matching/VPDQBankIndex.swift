import BulwarkCore
import MatchIndex
import PDQ
import Synchronization
import VideoHashing

/// The vPDQ entries of the enabled banks, searchable with a query video.
///
/// Each entry's frames are prepared once as the matching rule wants them (unique hashes of
/// good quality) and put in a PDQ Hamming index under the entry's id. A query video's frames
/// are looked up there to find the candidate entries that share at least one frame within the
/// distance threshold; then ``VPDQMatcher`` decides each candidate by the full vPDQ rule
/// (query-match and compared-match percentages). Entries without any frame near the query
/// are not compared, so thresholds of 0% on both sides do not match unrelated videos.
///
/// Thread safety: all methods may be called concurrently.
public final class VPDQBankIndex: Sendable {
    /// A vPDQ entry that matched a query video.
    public struct Match: Hashable, Sendable {
        /// The entry's index id.
        public var entryID: EntryID
        /// The entry's signal value as stored.
        public var value: String
        /// The percentages and decision.
        public var result: VPDQMatchResult
    }

    private struct Entry: Sendable {
        let value: String
        let frames: [PDQHash]
    }

    /// The matching rule's thresholds.
    public let thresholds: VPDQMatchThresholds
    private let frames = PDQIndex()
    private let entries = Mutex<[EntryID: Entry]>([:])

    /// An empty index. `thresholds.distance` must be within the PDQ index's 0...64.
    public init(thresholds: VPDQMatchThresholds = .default) {
        self.thresholds = thresholds
    }

    /// The number of vPDQ entries indexed.
    public var count: Int { entries.withLock { $0.count } }

    /// Indexes entry `id` holding the vPDQ signal `value` (replacing what `id` held).
    /// Throws when the value is not a vPDQ hash.
    public func add(id: EntryID, value: String) throws(BulwarkError) {
        let hash = try VPDQSignalValue.decode(value)
        let prepared = VPDQMatcher.prepare(hash, thresholds: thresholds)
        remove(id: id)
        entries.withLock { $0[id] = Entry(value: value, frames: prepared) }
        try frames.add(hashes: prepared.map(Self.indexHash), ids: Array(repeating: id, count: prepared.count))
    }

    /// Removes entry `id`, if indexed.
    public func remove(id: EntryID) {
        guard let old = entries.withLock({ $0.removeValue(forKey: id) }) else { return }
        _ = try? frames.remove(hashes: old.frames.map(Self.indexHash), ids: Array(repeating: id, count: old.frames.count))
    }

    /// The indexed entries that `query` matches by the vPDQ rule, best query-match first.
    public func search(_ query: VPDQHash) throws(BulwarkError) -> [Match] {
        guard thresholds.distance >= 0, thresholds.distance <= PDQIndex.maxThreshold else {
            throw .invalidInput(what: "vPDQ distance threshold", where: nil,
                                reason: "\(thresholds.distance) is outside 0...\(PDQIndex.maxThreshold)")
        }
        let prepared = VPDQMatcher.prepare(query, thresholds: thresholds)
        var candidates = Set<EntryID>()
        for frame in prepared {
            for found in try frames.search(Self.indexHash(frame), threshold: thresholds.distance) {
                candidates.insert(found.entryID)
            }
        }
        let compared = entries.withLock { state in candidates.compactMap { id in state[id].map { (id, $0) } } }
        var matches: [Match] = []
        for (id, entry) in compared {
            let result = VPDQMatcher.compare(query: prepared, compared: entry.frames, thresholds: thresholds)
            if result.isMatch { matches.append(Match(entryID: id, value: entry.value, result: result)) }
        }
        return matches.sorted {
            ($1.result.queryMatchPercent, $1.result.comparedMatchPercent, $0.entryID)
                < ($0.result.queryMatchPercent, $0.result.comparedMatchPercent, $1.entryID)
        }
    }

    /// The match index's form of a PDQ hash (Hamming distances are the same).
    static func indexHash(_ hash: PDQHash) -> Hash256 {
        Hash256(hash.words[0], hash.words[1], hash.words[2], hash.words[3])
    }
}

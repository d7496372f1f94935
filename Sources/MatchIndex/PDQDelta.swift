/// The most recent additions to a ``PDQIndex``, kept as plain arrays and searched by
/// brute force until there are enough of them to build a ``PDQSegment``.
/// Immutable: a change makes a new delta.
final class PDQDelta: Sendable {
    let hashes: [Hash256]
    let ids: [EntryID]

    init(hashes: [Hash256] = [], ids: [EntryID] = []) {
        precondition(hashes.count == ids.count)
        self.hashes = hashes
        self.ids = ids
    }

    var count: Int { hashes.count }

    /// Appends every entry within `threshold` of `query`.
    func search(_ query: Hash256, threshold: Int, into results: inout [PDQMatch]) {
        hashes.withUnsafeBufferPointer { hashes in
            for index in hashes.indices {
                let distance = hashes[index].distance(to: query)
                if distance <= threshold {
                    results.append(PDQMatch(entryID: ids[index], distance: distance, hash: hashes[index]))
                }
            }
        }
    }
}

import BulwarkCore

/// Batch helpers shared by the backends.
enum DraftBatch {
    /// The batch with drafts for the same signal folded into one, labels merged in order
    /// (a multi-row upsert must not touch one row twice).
    static func mergingDuplicates(_ batch: [EntryDraft]) -> [EntryDraft] {
        var positions: [Signal: Int] = [:]
        positions.reserveCapacity(batch.count)
        var result: [EntryDraft] = []
        result.reserveCapacity(batch.count)
        for draft in batch {
            if let position = positions[draft.signal] {
                result[position].labels = result[position].labels.merged(with: draft.labels)
            } else {
                positions[draft.signal] = result.count
                result.append(draft)
            }
        }
        return result
    }
}

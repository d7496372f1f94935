import Foundation

extension ReviewCase {
    /// This open case after `draft` (a repeat report of the same content or URL) joins it:
    /// one more report, the draft's reasons merged in, the stronger real-victim and
    /// real-child flags, missing hash or URL filled, the earlier deadline, and the priority
    /// `rank` recomputed. Both stores apply this one rule.
    func joining(_ draft: CaseDraft, dueAt: Date, at: Date, rank: (ReviewCase) -> Int64) -> ReviewCase {
        var joined = self
        joined.reportCount += 1
        joined.reasons = CaseCoding.merged(joined.reasons, draft.reasons)
        joined.knownRealVictims = joined.knownRealVictims || draft.knownRealVictims
        joined.mayShowRealChild = joined.mayShowRealChild || draft.mayShowRealChild
        joined.contentHash = joined.contentHash ?? draft.contentHash?.text
        joined.url = joined.url ?? draft.url?.text
        joined.dueAt = min(joined.dueAt, dueAt)
        joined.updatedAt = at
        joined.priorityRank = rank(joined)
        return joined
    }
}

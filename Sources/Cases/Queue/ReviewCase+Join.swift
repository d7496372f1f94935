import Foundation

extension ReviewCase {
    /// The case `draft` opens (not stored yet, so id 0): open, one report, the draft's
    /// team, kind, reasons, hash, URL and flags, deadline `dueAt`, priority `rank`. Both
    /// stores apply this one rule.
    static func opening(_ draft: CaseDraft, dueAt: Date, at: Date, rank: (ReviewCase) -> Int64) -> ReviewCase {
        var opened = ReviewCase(
            id: 0, team: draft.team, kind: draft.kind, status: .open, priorityRank: 0, dueAt: dueAt, createdAt: at,
            updatedAt: at, contentHash: draft.contentHash?.text, url: draft.url?.text, reportCount: 1,
            knownRealVictims: draft.knownRealVictims, mayShowRealChild: draft.mayShowRealChild, reasons: draft.reasons,
            category: nil, ageBand: nil, secondOpinion: .notRequired, outcome: nil, closedAt: nil, closedBy: nil)
        opened.priorityRank = rank(opened)
        return opened
    }

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

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore

/// A case row as both backends read it, before its text columns are turned into types.
struct CaseRowValues {
    var id: Int64
    var team: String
    var kind: String
    var status: String
    var priorityRank: Int64
    var dueAt: Int64
    var createdAt: Int64
    var updatedAt: Int64
    var contentHash: String?
    var url: String?
    var reportCount: Int
    var knownRealVictims: Bool
    var mayShowRealChild: Bool
    var reasons: String
    var category: String?
    var ageBand: String?
    var secondOpinion: String
    var outcome: String?
    var closedAt: Int64?
    var closedBy: String?

    /// The column list in the order the backends select it.
    static let columns = """
        id, team, kind, status, priority_rank, due_at, created_at, updated_at, content_hash, url, report_count, \
        known_real_victims, may_show_real_child, reasons, category, age_band, second_opinion, outcome, closed_at, closed_by
        """

    /// The case, throwing naming the column if stored text is not a known value.
    func reviewCase() throws -> ReviewCase {
        let kind = try StoredCaseValue.parse(kind, column: "kind", caseID: id, as: CaseKind.init(rawValue:))
        let status = try StoredCaseValue.parse(status, column: "status", caseID: id, as: CaseStatus.init(rawValue:))
        let secondOpinion = try StoredCaseValue.parse(secondOpinion, column: "second_opinion", caseID: id, as: SecondOpinionStatus.init(rawValue:))
        let outcomeValue = try outcome.map { try StoredCaseValue.parse($0, column: "outcome", caseID: id, as: CaseOutcome.init(rawValue:)) }
        return ReviewCase(
            id: id, team: team, kind: kind, status: status, priorityRank: priorityRank, dueAt: CaseTime.date(dueAt),
            createdAt: CaseTime.date(createdAt), updatedAt: CaseTime.date(updatedAt), contentHash: contentHash, url: url,
            reportCount: reportCount, knownRealVictims: knownRealVictims, mayShowRealChild: mayShowRealChild,
            reasons: try CaseCoding.decode([Reason].self, reasons, column: "reasons", caseID: id),
            category: category, ageBand: ageBand, secondOpinion: secondOpinion, outcome: outcomeValue,
            closedAt: closedAt.map(CaseTime.date), closedBy: closedBy)
    }
}

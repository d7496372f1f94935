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
        func bad(_ column: String, _ value: String) -> BulwarkError {
            .invalidInput(what: "stored case \(id)", where: column, reason: "unknown value '\(value)'")
        }
        guard let kind = CaseKind(rawValue: kind) else { throw bad("kind", kind) }
        guard let status = CaseStatus(rawValue: status) else { throw bad("status", status) }
        guard let secondOpinion = SecondOpinionStatus(rawValue: secondOpinion) else { throw bad("second_opinion", secondOpinion) }
        var outcomeValue: CaseOutcome?
        if let outcome {
            guard let value = CaseOutcome(rawValue: outcome) else { throw bad("outcome", outcome) }
            outcomeValue = value
        }
        return ReviewCase(
            id: id, team: team, kind: kind, status: status, priorityRank: priorityRank, dueAt: CaseTime.date(dueAt),
            createdAt: CaseTime.date(createdAt), updatedAt: CaseTime.date(updatedAt), contentHash: contentHash, url: url,
            reportCount: reportCount, knownRealVictims: knownRealVictims, mayShowRealChild: mayShowRealChild,
            reasons: try CaseCoding.decode([Reason].self, reasons, column: "reasons", caseID: id),
            category: category, ageBand: ageBand, secondOpinion: secondOpinion, outcome: outcomeValue,
            closedAt: closedAt.map(CaseTime.date), closedBy: closedBy)
    }
}

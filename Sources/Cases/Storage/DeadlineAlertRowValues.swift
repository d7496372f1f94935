#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A case row a deadline-alert claim returns, as both backends read it.
struct DeadlineAlertRowValues {
    var id: Int64
    var team: String
    var kind: String
    var category: String?
    var dueAt: Int64
    var priorityRank: Int64
    var knownRealVictims: Bool
    var mayShowRealChild: Bool

    /// The column list in the order the backends return it.
    static let columns = "id, team, kind, category, due_at, priority_rank, known_real_victims, may_show_real_child"

    /// The alert for this row, claimed at `threshold` by `claimant` at `claimedAt`.
    func alert(threshold: DeadlineThreshold, claimedAt: Date, claimant: String) throws -> DeadlineAlert {
        DeadlineAlert(
            caseID: id, team: team, kind: try StoredCaseValue.parse(kind, column: "kind", caseID: id, as: CaseKind.init(rawValue:)),
            category: category, dueAt: CaseTime.date(dueAt), threshold: threshold, priorityRank: priorityRank,
            knownRealVictims: knownRealVictims, mayShowRealChild: mayShowRealChild, claimedAt: claimedAt, claimedBy: claimant)
    }

    /// Claimed alerts in the order they are sent: earliest deadline first, then case id
    /// (a claim's rows come back from the database in no particular order).
    static func sorted(_ alerts: [DeadlineAlert]) -> [DeadlineAlert] {
        alerts.sorted { (CaseTime.millis($0.dueAt), $0.caseID) < (CaseTime.millis($1.dueAt), $1.caseID) }
    }
}

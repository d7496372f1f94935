#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A closed-case row as both backends read it, before its text columns are turned into types.
struct ClosedCaseRowValues {
    var id: Int64
    var team: String
    var kind: String
    var origin: String
    var category: String?
    var ageBand: String?
    var outcome: String?
    var reportCount: Int
    var knownRealVictims: Bool
    var mayShowRealChild: Bool
    var createdAt: Int64
    var closedAt: Int64?

    /// The column list in the order the backends select it.
    static let columns = """
        id, team, kind, origin, category, age_band, outcome, report_count, known_real_victims, may_show_real_child, \
        created_at, closed_at
        """

    /// The closed case, throwing naming the column if stored text is not a known value or a
    /// closed case lacks its outcome or closing time.
    func closedCase() throws -> ClosedCase {
        let missing = { (column: String) in StoredCaseValue.missing(column: column, caseID: id) }
        guard let outcome else { throw missing("outcome") }
        guard let closedAt else { throw missing("closed_at") }
        return ClosedCase(
            id: id, team: team, kind: try StoredCaseValue.parse(kind, column: "kind", caseID: id, as: CaseKind.init(rawValue:)),
            origin: try StoredCaseValue.parse(origin, column: "origin", caseID: id, as: CaseSource.Origin.init(rawValue:)),
            category: category, ageBand: ageBand,
            outcome: try StoredCaseValue.parse(outcome, column: "outcome", caseID: id, as: CaseOutcome.init(rawValue:)),
            reportCount: reportCount, knownRealVictims: knownRealVictims, mayShowRealChild: mayShowRealChild,
            createdAt: CaseTime.date(createdAt), closedAt: CaseTime.date(closedAt))
    }
}

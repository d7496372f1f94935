/// An open-case row as both backends read it, before its text columns are turned into types.
struct OpenCaseRowValues {
    var id: Int64
    var team: String
    var kind: String
    var origin: String
    var category: String?
    var createdAt: Int64

    /// The column list in the order the backends select it.
    static let columns = "id, team, kind, origin, category, created_at"

    /// The open case, throwing naming the column if stored text is not a known value.
    func openCase() throws -> OpenCase {
        OpenCase(
            id: id, team: team, kind: try StoredCaseValue.parse(kind, column: "kind", caseID: id, as: CaseKind.init(rawValue:)),
            origin: try StoredCaseValue.parse(origin, column: "origin", caseID: id, as: CaseSource.Origin.init(rawValue:)),
            category: category, createdAt: CaseTime.date(createdAt))
    }
}

/// Which deadline alert: a case about to fall due, or one past due. Each fires at most once
/// per case (again only after a claim is released or the case moves to another team).
public enum DeadlineThreshold: String, Hashable, Sendable, Codable, CaseIterable {
    /// Open and due within the alert window, not yet past due.
    case dueSoon = "due-soon"
    /// Open and past its deadline.
    case overdue

    /// The case columns holding this threshold's claim (`<prefix>_at`, `<prefix>_by`) and its
    /// confirmed delivery (`<prefix>_sent_at`).
    var columnPrefix: String {
        switch self {
        case .dueSoon: "due_soon_alert"
        case .overdue: "overdue_alert"
        }
    }
}

extension DeadlineThreshold {
    /// SQL assignments clearing every threshold's claim and delivery on a case row (after reassigning).
    static let resetClaimsSQL = allCases.map { "\($0.columnPrefix)_at = NULL, \($0.columnPrefix)_by = NULL, \($0.columnPrefix)_sent_at = NULL" }
        .joined(separator: ", ")
}

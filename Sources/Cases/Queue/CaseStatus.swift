/// Whether a case is in the queue.
public enum CaseStatus: String, Hashable, Sendable, Codable {
    /// In the queue, waiting for a decision.
    case open
    /// Decided; see ``CaseOutcome``.
    case closed
}

/// How a case was closed.
public enum CaseOutcome: String, Hashable, Sendable, Codable, CaseIterable {
    /// The assessment confirms the item is actionable (report, remove, bank it).
    case confirmed
    /// Assessed and not actionable (discounted, off-remit...).
    case notActionable = "not-actionable"
    /// A duplicate of another case.
    case duplicate
}

import Cases
import Foundation

/// How case outcomes read in a transparency report: plain labels for category, source and
/// outcome, so figures from cases and from records files use the same words.
public enum CaseTransparencyLabels {
    /// The category label: the combined legal category, else `not illegal` for a case closed
    /// as not actionable, `duplicate` for a duplicate, `not assessed` otherwise.
    public static func category(_ category: String?, outcome: CaseOutcome?) -> String {
        if let category, !category.isEmpty { return category }
        switch outcome {
        case .notActionable: return "not illegal"
        case .duplicate: return "duplicate"
        case .confirmed, nil: return "not assessed"
        }
    }

    /// The source label of a case kind: `bank match`, `provenance`, `model scan`, `text`,
    /// `user report`, `removal order`, `intimate image request`; other kinds by name with
    /// dashes as spaces.
    public static func source(_ kind: CaseKind) -> String {
        switch kind {
        case .bankMatch: "bank match"
        case .model: "model scan"
        case .externalReport: "user report"
        default: kind.rawValue.replacingOccurrences(of: "-", with: " ")
        }
    }

    /// The outcome label: `confirmed`, `not actionable`, `duplicate`, or `open`.
    public static func outcome(_ outcome: CaseOutcome?) -> String {
        outcome.map { $0.rawValue.replacingOccurrences(of: "-", with: " ") } ?? "open"
    }
}

extension TransparencyRecord {
    /// The record of `reviewCase`: opened when the case was created, actioned when it was
    /// closed (`nil` while open), with the labels of ``CaseTransparencyLabels``.
    public init(reviewCase: ReviewCase) {
        self.init(
            category: CaseTransparencyLabels.category(reviewCase.category, outcome: reviewCase.outcome),
            source: CaseTransparencyLabels.source(reviewCase.kind), openedAt: reviewCase.createdAt,
            actionedAt: reviewCase.status == .closed ? reviewCase.closedAt : nil, outcome: CaseTransparencyLabels.outcome(reviewCase.outcome))
    }
}

extension TransparencyRecord {
    /// The record of a closed case from the closed-case listing: opened when the case was
    /// created, actioned when it was closed, labelled like ``init(reviewCase:)``.
    public init(closedCase: ClosedCase) {
        self.init(
            category: CaseTransparencyLabels.category(closedCase.category, outcome: closedCase.outcome),
            source: CaseTransparencyLabels.source(closedCase.kind), openedAt: closedCase.createdAt, actionedAt: closedCase.closedAt,
            outcome: CaseTransparencyLabels.outcome(closedCase.outcome))
    }
}

/// Transparency figures computed from case outcomes in the case store.
public enum CaseTransparency {
    /// The figures of the cases opened in `[from, to)` and closed by `now`, read from
    /// ``CaseStore/closedCases(from:to:teams:pageSize:)`` (cases closed from `from` to `now`,
    /// one keyset page at a time) into a ``TransparencyAccumulator``: memory is one page plus
    /// 4 bytes per counted case. Cases still open at `now` are not counted (the listing holds
    /// closed cases only), so `total` equals `actioned`.
    public static func figures(
        cases: any CaseStore, from: Date, to: Date, teams: [String]? = nil, now: Date = Date(), pageSize: Int = 500
    ) async throws -> TransparencyFigures {
        try await figures(of: cases.closedCases(from: from, to: max(to, now), teams: teams, pageSize: pageSize), from: from, to: to)
    }

    /// The figures of the closed cases `closedCases` yields that were opened in `[from, to)`.
    public static func figures<Cases: AsyncSequence>(
        of closedCases: Cases, from: Date, to: Date
    ) async throws -> TransparencyFigures where Cases.Element == ClosedCase {
        try await TransparencyAccumulator.figures(of: closedCases.map { TransparencyRecord(closedCase: $0) }, from: from, to: to)
    }
}

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

extension TransparencyRecord {
    /// The record of a case still open: opened when the case was created, not actioned
    /// (`actionedAt` `nil`, outcome `open`), labelled like ``init(reviewCase:)``.
    public init(openCase: OpenCase) {
        self.init(
            category: CaseTransparencyLabels.category(openCase.category, outcome: nil), source: CaseTransparencyLabels.source(openCase.kind),
            openedAt: openCase.createdAt, actionedAt: nil, outcome: CaseTransparencyLabels.outcome(nil))
    }
}

/// Transparency figures computed from case outcomes in the case store.
public enum CaseTransparency {
    /// The figures of every case opened in `[from, to)`: those closed before `now` count as
    /// actioned at their closing, the others as opened and not actioned (outcome `open`).
    /// Read in two keyset walks, one page at a time, into one ``TransparencyAccumulator``:
    /// ``CaseStore/closedCases(from:to:teams:pageSize:)`` (cases closed from `from` to `now`;
    /// those opened before `from` are skipped) and
    /// ``CaseStore/openCases(from:to:teams:asOf:pageSize:)`` (cases opened in the period and
    /// not closed before `now`). Every case counts exactly once, even one closed during the
    /// walk. Memory is one page plus 4 bytes per actioned case.
    public static func figures(
        cases: any CaseStore, from: Date, to: Date, teams: [String]? = nil, now: Date = Date(), pageSize: Int = 500
    ) async throws -> TransparencyFigures {
        var accumulator = TransparencyAccumulator(from: from, to: to)
        for try await closedCase in cases.closedCases(from: from, to: now, teams: teams, pageSize: pageSize) {
            accumulator.add(TransparencyRecord(closedCase: closedCase))
        }
        for try await openCase in cases.openCases(from: from, to: to, teams: teams, asOf: now, pageSize: pageSize) {
            accumulator.add(TransparencyRecord(openCase: openCase))
        }
        return accumulator.figures()
    }

    /// The figures of the closed cases `closedCases` yields that were opened in `[from, to)`
    /// (cases still open are not in such a listing; ``figures(cases:from:to:teams:now:pageSize:)``
    /// counts them too).
    public static func figures<Cases: AsyncSequence>(
        of closedCases: Cases, from: Date, to: Date
    ) async throws -> TransparencyFigures where Cases.Element == ClosedCase {
        try await TransparencyAccumulator.figures(of: closedCases.map { TransparencyRecord(closedCase: $0) }, from: from, to: to)
    }
}

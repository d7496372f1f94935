#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One thing that led to a case: a pipeline hit or an external report. A case grouped from
/// repeat reports keeps every source, oldest first.
public struct CaseSource: Hashable, Sendable, Codable {
    /// Where it came from.
    public enum Origin: String, Hashable, Sendable, Codable, CaseIterable {
        /// A bank match; `reference` is `bank:ID/entry:ID`.
        case bankMatch = "bank-match"
        /// A provenance finding; `reference` names the field or rule.
        case provenance
        /// A model-file finding; `reference` names the rule.
        case model
        /// A text finding; `reference` names the rule.
        case text
        /// A report through the API; `reporter` names who sent it.
        case report

        /// The kind of case a draft from this origin opens.
        public var kind: CaseKind {
            switch self {
            case .bankMatch: .bankMatch
            case .provenance: .provenance
            case .model: .model
            case .text: .text
            case .report: .externalReport
            }
        }

        /// The origin a case of `kind` most likely came from, for cases stored without a
        /// source (bulk loads, cases opened before the origin was kept on the case): the
        /// origin whose ``kind`` it is, else a report (removal orders, intimate-image
        /// requests and deployment kinds arrive as reports).
        public static func implied(by kind: CaseKind) -> Origin {
            allCases.first { $0.kind == kind } ?? .report
        }
    }

    public var origin: Origin
    /// What fired or what was reported (bank/entry ids, rule id, field name); never content.
    public var reference: String
    /// Who reported it, for external reports (an API key id, a partner name).
    public var reporter: String?
    /// When Bulwark received it.
    public var receivedAt: Date

    public init(origin: Origin, reference: String, reporter: String? = nil, receivedAt: Date) {
        self.origin = origin
        self.reference = reference
        self.reporter = reporter
        self.receivedAt = receivedAt
    }
}
